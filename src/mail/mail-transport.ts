import { Injectable } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * The SMTP connection of accounts spec §6.1: created on the first send, then reused. Authentication is
 * used only when SMTP_USER is set; without SMTP_SECURE, STARTTLS is negotiated when the server offers it.
 */
@Injectable()
export class MailTransport {
  private transporter?: Transporter;

  constructor(private readonly config: AppConfig) {}

  /** True when an SMTP host is configured; otherwise nothing can be delivered. */
  get configured(): boolean {
    return Boolean(this.config.smtp.host);
  }

  async deliver(mail: OutgoingMail): Promise<void> {
    await this.connection().sendMail({ from: this.config.smtp.from, ...mail });
  }

  private connection(): Transporter {
    const { host, port, secure, user, pass } = this.config.smtp;
    this.transporter ??= nodemailer.createTransport({ host, port, secure, auth: user ? { user, pass } : undefined });
    return this.transporter;
  }
}

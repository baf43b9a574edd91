import { Injectable, Logger } from '@nestjs/common';
import { maskEmail } from '../common';
import { AppConfig } from '../config';
import { accountLink, accountMail, AccountMailKind } from './account-mails';
import { MailTransport } from './mail-transport';

/**
 * Sends the account emails. Never throws: the result says whether the mail left, and the calling flow
 * turns a failure into its neutral answer (accounts spec §6.1). Without SMTP outside production the
 * link is written to the log instead, so a developer can follow it (§6.3); in production that would
 * leak the token, so sending fails.
 */
@Injectable()
export class AccountMailer {
  private readonly logger = new Logger(AccountMailer.name);

  constructor(
    private readonly config: AppConfig,
    private readonly transport: MailTransport,
  ) {}

  /** True when the mail was handed to SMTP (or, in development without SMTP, logged). */
  async send(kind: AccountMailKind, to: string, token: string): Promise<boolean> {
    const link = accountLink(this.config.publicUrl, kind, token);
    if (!this.transport.configured) {
      if (this.config.isProduction) {
        this.logger.error(`Cannot send the ${kind} email to ${maskEmail(to)}: SMTP_HOST is not set`);
        return false;
      }
      this.logger.log(`SMTP_HOST is not set; ${kind} email to ${maskEmail(to)} not sent. Its link: ${link}`);
      return true;
    }
    try {
      await this.transport.deliver(accountMail(kind, to, link));
      return true;
    } catch (error) {
      this.logger.error(`Sending the ${kind} email to ${maskEmail(to)} failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}

import { Module } from '@nestjs/common';
import { AccountMailer } from './account-mailer';
import { MailTransport } from './mail-transport';

/** Outgoing email (accounts spec §6): the lazily connected SMTP transport and the account emails. */
@Module({ providers: [MailTransport, AccountMailer], exports: [AccountMailer] })
export class MailModule {}

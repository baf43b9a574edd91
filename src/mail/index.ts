/** Outgoing account mails (SMTP, or the log when SMTP_HOST is unset). */
export { AccountMailer } from './account-mailer';
export { MailModule } from './mail.module';

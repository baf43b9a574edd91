import path from 'node:path';
import { fillTemplate, readHtmlTemplate, TrustedHtml } from '../common';
import { OutgoingMail } from './mail-transport';

/** The three emails of accounts spec §6.2, each with the path its link opens. */
export const ACCOUNT_MAILS = {
  verification: {
    path: '/verify-email',
    subject: 'Verify your email address',
    intro: 'Welcome! Please confirm your email address to activate your account.',
    action: 'Verify email',
    note: '',
  },
  magicLogin: {
    path: '/magic-login',
    subject: 'Your login link',
    intro: 'Use the button below to log in.',
    action: 'Log in',
    note: 'The link is valid for 15 minutes. If you did not ask for it, ignore this email.',
  },
  passkeyRecovery: {
    path: '/recover-passkey',
    subject: 'Register a new passkey',
    intro: 'Use the button below to register a new passkey for your account.',
    action: 'Register a new passkey',
    note: 'The link is valid for 1 hour. If you did not ask for it, ignore this email.',
  },
} as const;

export type AccountMailKind = keyof typeof ACCOUNT_MAILS;

/** `PUBLIC_URL` + path + `?token=` (PUBLIC_URL never ends with a slash: load-config strips it). */
export function accountLink(publicUrl: string, kind: AccountMailKind, token: string): string {
  return `${publicUrl}${ACCOUNT_MAILS[kind].path}?token=${encodeURIComponent(token)}`;
}

/** Read when this module loads, at start-up: a missing template stops the boot. */
const HTML_TEMPLATE = readHtmlTemplate(path.join(__dirname, 'templates'), 'account-mail');

/** Plain text plus simple HTML (one button and the raw link to copy), the HTML filled and escaped as the pages are. */
export function accountMail(kind: AccountMailKind, to: string, link: string): OutgoingMail {
  const { subject, intro, action, note } = ACCOUNT_MAILS[kind];
  const text = [intro, '', `${action}: ${link}`, ...(note ? ['', note] : [])].join('\n');
  const noteHtml = note ? fillTemplate('<p>{{note}}</p>\n', { note }) : new TrustedHtml('');
  const html = fillTemplate(HTML_TEMPLATE, { intro, link, action, note: noteHtml }).html;
  return { to, subject, text, html };
}

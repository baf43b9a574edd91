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

/** Plain text plus simple HTML (one button and the raw link to copy). */
export function accountMail(kind: AccountMailKind, to: string, link: string): OutgoingMail {
  const { subject, intro, action, note } = ACCOUNT_MAILS[kind];
  const text = [intro, '', `${action}: ${link}`, ...(note ? ['', note] : [])].join('\n');
  const href = escapeHtml(link);
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<p>${escapeHtml(intro)}</p>`,
    `<p><a href="${href}" style="display:inline-block;padding:10px 16px;background:#1b6ac9;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action)}</a></p>`,
    `<p>Or copy this link into your browser:<br>${href}</p>`,
    ...(note ? [`<p>${escapeHtml(note)}</p>`] : []),
    '</body></html>',
  ].join('\n');
  return { to, subject, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

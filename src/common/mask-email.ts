/**
 * `j***e@example.com`: enough for the owner to recognise, useless to anyone else. Emails are never
 * logged, audited or shown to operators in full (unless an operator asks to unmask).
 */
export function maskEmail(email: string): string {
  const [local, domain = ''] = email.split('@');
  const masked = local.length <= 2 ? `${local[0] ?? ''}*` : `${local[0]}***${local[local.length - 1]}`;
  return `${masked}@${domain}`;
}

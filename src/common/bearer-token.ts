/**
 * The token of an `Authorization: Bearer <token>` header (accounts spec §4.4): the prefix is
 * case-sensitive with one space, and the token is the second space-separated field, so
 * `Bearer  x` yields an empty token. Undefined when the header is missing or not Bearer.
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header || !header.startsWith('Bearer ')) return undefined;
  return header.split(' ')[1] ?? '';
}

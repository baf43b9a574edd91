/** Store tokens in HTTP validators (opsync-api.md §3): `ETag: "<token>"`, If-None-Match, If-Match. */

export const etagOf = (token: string): string => `"${token}"`;

/** The entity tags of a header value (`"a", W/"b"`), quotes and weak prefixes removed; `*` kept. */
function tagsOf(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .map((tag) => (tag.length >= 2 && tag.startsWith('"') && tag.endsWith('"') ? tag.slice(1, -1) : tag))
    .filter(Boolean);
}

/** If-None-Match names the current token (or `*`): the client's copy is current. */
export const notModified = (ifNoneMatch: string | undefined, token: string): boolean =>
  ifNoneMatch !== undefined && tagsOf(ifNoneMatch).some((tag) => tag === '*' || tag === token);

/** The token of an If-Match header (its first tag), or undefined without one. */
export const ifMatchToken = (ifMatch: string | undefined): string | undefined => (ifMatch === undefined ? undefined : tagsOf(ifMatch)[0]);

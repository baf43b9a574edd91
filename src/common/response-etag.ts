import { createHash } from 'node:crypto';

/**
 * Bodies up to this size get a weak ETag as Express would compute it. Larger ones — download pages,
 * piggybacks, exports: JSON that differs on every request — are not hashed per response, which cost
 * a SHA-1 over hundreds of kilobytes for a validator no client sends back. Static files larger than
 * this carry an ETag computed once at start-up (weakEtag) and keep their 304 revalidation.
 */
const HASHED_BODY_MAX_BYTES = 64 * 1024;

/** Express's weak ETag of a body: W/"<length hex>-<first 27 base64 characters of its SHA-1>". */
export function weakEtag(body: Buffer): string {
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
  return `W/"${body.length.toString(16)}-${hash}"`;
}

/** Express's `etag fn` setting: Express hands it every res.send body as a Buffer. */
export function smallBodyEtag(body: Buffer | string): string | undefined {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return bytes.length <= HASHED_BODY_MAX_BYTES ? weakEtag(bytes) : undefined;
}

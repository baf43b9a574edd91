import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether the presented Bearer token is METRICS_TOKEN, in constant time: digests have one length, so
 * neither the comparison nor its early exit reveals how much of the token was right.
 */
export function metricsTokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

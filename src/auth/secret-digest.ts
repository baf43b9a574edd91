import { createHash } from 'node:crypto';

/**
 * SHA-256 hex of a one-time secret: the only form in which email-borne tokens and WebAuthn challenges
 * reach the database (STYLE §9). Presented secrets are looked up by this digest.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

import { ApiError } from '../../common';
import { OpsError } from '../operations.errors';

/** Shortest ciphertext the client can produce: IV + auth tag + at least some content. */
const MIN_CIPHERTEXT_BYTES = 28;
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The E2EE gate's shape check (protocol spec §4.10): flagged as encrypted AND canonical base64 of at
 * least 28 bytes. The server never decrypts; this only refuses what cannot be ciphertext.
 */
export function isCiphertext(isPayloadEncrypted: unknown, payload: unknown): boolean {
  if (isPayloadEncrypted !== true || typeof payload !== 'string') return false;
  if (payload.length % 4 !== 0 || !CANONICAL_BASE64.test(payload)) return false;
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  return (payload.length / 4) * 3 - padding >= MIN_CIPHERTEXT_BYTES;
}

/**
 * The gate itself (§3.1 step 8, §3.3 step 3): when E2EE is required, one payload that is not ciphertext
 * refuses the whole request with 400 E2EE_REQUIRED, before anything is cached, counted or stored.
 */
export function assertEncrypted(required: boolean, payloads: readonly { isPayloadEncrypted?: boolean; payload?: unknown }[]): void {
  if (required && !payloads.every((p) => isCiphertext(p.isPayloadEncrypted, p.payload))) {
    throw new ApiError(OpsError.E2eeRequired);
  }
}

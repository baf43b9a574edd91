/** A WebAuthn credential as OpSync keeps it (accounts spec §5.5). */
export interface PasskeyCredential {
  /** Raw credential id bytes (the base64url-decoded `id` browsers report). */
  credentialId: Uint8Array;
  /** COSE-encoded public key. */
  publicKey: Uint8Array;
  counter: number;
  /** JSON array of transport hints as the browser reported them at registration, or null. */
  transports: string | null;
}

/** At most this many transport hints of at most this length are kept (they are browser hints, not data). */
const MAX_TRANSPORTS = 8;
const MAX_TRANSPORT_LENGTH = 32;

/** `response.transports` of a registration response, as the stored JSON string (null when absent). */
export function transportsJson(reported: unknown): string | null {
  if (!Array.isArray(reported)) return null;
  const hints = reported.filter((t): t is string => typeof t === 'string' && t.length <= MAX_TRANSPORT_LENGTH).slice(0, MAX_TRANSPORTS);
  return JSON.stringify(hints);
}

/** The credential columns shared by `passkeys` and `pending_passkey_registrations`. */
export function credentialColumns(credential: PasskeyCredential) {
  return {
    credentialId: new Uint8Array(credential.credentialId),
    publicKey: new Uint8Array(credential.publicKey),
    counter: BigInt(credential.counter),
    transports: credential.transports,
  };
}

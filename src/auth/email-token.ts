import { randomBytes } from 'node:crypto';
import { sha256Hex } from './secret-digest';

/** Lifetimes of the three email-borne tokens (accounts spec §0), in milliseconds. */
export const EMAIL_TOKEN_LIFETIME_MS = {
  verification: 24 * 60 * 60 * 1000,
  magicLogin: 15 * 60 * 1000,
  passkeyRecovery: 60 * 60 * 1000,
} as const;

export interface IssuedEmailToken {
  /** 64 lowercase hex characters: goes into the emailed link, never into the database or a log. */
  token: string;
  /** SHA-256 hex of the token: the only form the database keeps. */
  digest: string;
  /** Epoch milliseconds (the spec's column type). */
  expiresAt: number;
}

/** A fresh token from 32 CSPRNG bytes (accounts spec §1.4). */
export function issueEmailToken(lifetimeMs: number, now = Date.now()): IssuedEmailToken {
  const token = randomBytes(32).toString('hex');
  return { token, digest: sha256Hex(token), expiresAt: now + lifetimeMs };
}

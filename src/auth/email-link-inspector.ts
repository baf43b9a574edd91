import { Injectable } from '@nestjs/common';
import { ErrorEntry } from '../common';
import { AuthError } from './auth.errors';
import { EmailTokenKind, UsersRepository } from './accounts/users.repository';
import { PendingRegistrationsRepository } from './registration/pending-registrations.repository';
import { sha256Hex } from './secret-digest';

/** The emailed links, by the page they open (accounts spec §8.2–8.4). */
export type EmailLink = 'verify-email' | 'magic-login' | 'recover-passkey';

const TOKEN_OF_LINK: Record<EmailLink, EmailTokenKind> = {
  'verify-email': 'verification',
  'magic-login': 'login',
  'recover-passkey': 'recovery',
};

/**
 * Tells a landing page whether its link can still work, before the user presses its button. It only
 * reads: the link is redeemed by the page's POST, so a mail scanner's prefetch still burns nothing.
 */
@Injectable()
export class EmailLinkInspector {
  constructor(
    private readonly users: UsersRepository,
    private readonly pending: PendingRegistrationsRepository,
  ) {}

  /** The error the page's POST would answer now (unknown, expired or used token), or null while the link is live. */
  async deadLinkReason(link: EmailLink, token: string, now = Date.now()): Promise<ErrorEntry | null> {
    const digest = sha256Hex(token);
    const kind = TOKEN_OF_LINK[link];
    // A passkey registration's link lives in its pending row, an account's in the users row (§3.4).
    const expiresAt =
      (kind === 'verification' ? await this.pending.findExpiry(digest) : null) ?? (await this.users.findEmailTokenExpiry(kind, digest));
    if (expiresAt !== null && expiresAt > now) return null;
    switch (kind) {
      case 'verification':
        return expiresAt === null ? AuthError.InvalidVerificationToken : AuthError.VerificationTokenExpired;
      case 'login':
        return AuthError.InvalidLoginLink;
      case 'recovery':
        return AuthError.InvalidRecoveryToken;
    }
  }
}

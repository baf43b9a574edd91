import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { ApiError, ClientContext } from '../../common';
import { AuditEventType, AuditService } from '../../audit';
import { AuthError } from '../auth.errors';
import { NeutralMessage } from '../auth.responses';
import { UsersRepository } from '../accounts/users.repository';
import { PendingRegistrationsRepository } from '../registration/pending-registrations.repository';
import { sha256Hex } from '../secret-digest';
import { PasskeysRepository } from '../webauthn/passkeys.repository';

/**
 * The verification procedure V(token) of accounts spec §3.4. The first of several outstanding links
 * wins and every other one becomes invalid; a passkey link activates exactly its own credential, an
 * account (magic-link) link activates none. Verification never signs anybody in.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly pending: PendingRegistrationsRepository,
    private readonly passkeys: PasskeysRepository,
    private readonly audit: AuditService,
  ) {}

  async verify(token: string, client: ClientContext): Promise<{ message: string }> {
    const digest = sha256Hex(token);
    const now = Date.now();
    if (await this.verifyPendingRegistration(digest, now, client)) return { message: NeutralMessage.emailVerified };
    const pendingExpiry = await this.pending.findExpiry(digest);
    if (pendingExpiry !== null) throw this.failure(pendingExpiry <= now);

    if (await this.verifyAccountToken(digest, now, client)) return { message: NeutralMessage.emailVerified };
    const accountExpiry = await this.users.findEmailTokenExpiry('verification', digest);
    throw this.failure(accountExpiry !== null && accountExpiry <= now);
  }

  /** A passkey registration link: the account's credentials become exactly the one of that ceremony. */
  private verifyPendingRegistration(digest: string, now: number, client: ClientContext): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const pending = await this.pending.findUnexpired(digest, now, tx);
      if (!pending) return false;
      const { userId } = pending;
      if ((await this.users.markVerified({ userId }, tx)) === null) return false;
      const removed = await this.passkeys.deleteAllForUser(userId, tx);
      await this.passkeys.add(userId, pending.credential, tx);
      await this.pending.deleteAllForUser(userId, tx);
      await this.recordVerified(userId, 'passkey', removed, client, tx);
      await this.audit.record({ userId, type: AuditEventType.PasskeyAdded, client, details: { reason: 'email_verification' } }, tx);
      return true;
    });
  }

  /**
   * An account (magic-link registration) link: proves the mailbox, not any separately submitted key,
   * so every active and pending credential of the account is discarded.
   */
  private verifyAccountToken(digest: string, now: number, client: ClientContext): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const userId = await this.users.markVerified({ tokenDigest: digest, now }, tx);
      if (userId === null) return false;
      const removed = await this.passkeys.deleteAllForUser(userId, tx);
      await this.pending.deleteAllForUser(userId, tx);
      await this.recordVerified(userId, 'magic_link', removed, client, tx);
      return true;
    });
  }

  private async recordVerified(
    userId: number,
    method: 'passkey' | 'magic_link',
    removedPasskeys: number,
    client: ClientContext,
    tx: Db,
  ): Promise<void> {
    await this.audit.record({ userId, type: AuditEventType.EmailVerified, client, details: { method } }, tx);
    if (removedPasskeys > 0) {
      await this.audit.record(
        { userId, type: AuditEventType.PasskeyRemoved, client, details: { reason: 'email_verification', count: removedPasskeys } },
        tx,
      );
    }
  }

  private failure(expired: boolean) {
    return new ApiError(expired ? AuthError.VerificationTokenExpired : AuthError.InvalidVerificationToken);
  }
}

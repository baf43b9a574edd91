import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { credentialColumns, PasskeyCredential } from '../webauthn/credential';
import { StoredToken } from '../accounts/users.repository';

/** A pending credential with the account it belongs to. */
export interface PendingRegistration {
  userId: number;
  credential: PasskeyCredential;
}

/**
 * `pending_passkey_registrations` (accounts spec §1.3): credentials of unverified accounts, each bound
 * to one verification link (stored as the token's digest).
 */
@Injectable()
export class PendingRegistrationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async add(userId: number, credential: PasskeyCredential, verification: StoredToken, db: Db = this.prisma): Promise<void> {
    await db.pendingPasskeyRegistration.create({
      data: {
        userId,
        ...credentialColumns(credential),
        verificationToken: verification.digest,
        verificationTokenExpiresAt: BigInt(verification.expiresAt),
      },
    });
  }

  /**
   * The unexpired pending registration with this token digest and the account it belongs to (accounts
   * spec §3.4 step 1). Finding it verifies nothing: the caller marks the owner verified, which only one
   * of several concurrent links of an account achieves.
   */
  async findUnexpired(digest: string, now: number, db: Db = this.prisma): Promise<PendingRegistration | null> {
    const row = await db.pendingPasskeyRegistration.findFirst({
      where: { verificationToken: digest, verificationTokenExpiresAt: { gt: BigInt(now) } },
      select: { userId: true, credentialId: true, publicKey: true, counter: true, transports: true },
    });
    if (!row) return null;
    return {
      userId: row.userId,
      credential: { credentialId: row.credentialId, publicKey: row.publicKey, counter: Number(row.counter), transports: row.transports },
    };
  }

  /** Expiry (epoch ms) of the pending registration with this token digest, or null when there is none. */
  async findExpiry(digest: string): Promise<number | null> {
    const row = await this.prisma.pendingPasskeyRegistration.findUnique({
      where: { verificationToken: digest },
      select: { verificationTokenExpiresAt: true },
    });
    return row ? Number(row.verificationTokenExpiresAt) : null;
  }

  /** Deletes every pending registration of the account (each verification discards them all). */
  async deleteAllForUser(userId: number, db: Db = this.prisma): Promise<number> {
    return (await db.pendingPasskeyRegistration.deleteMany({ where: { userId } })).count;
  }
}

import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database/prisma.service';
import { credentialColumns, PasskeyCredential } from '../webauthn/credential';
import { StoredToken } from '../accounts/users.repository';

/** A pending credential whose link was followed, with the account it now belongs to. */
export interface ActivatedRegistration {
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
   * Step 1 of the verification procedure (accounts spec §3.4) as one statement: marks the owner of the
   * pending registration with this unexpired token verified and clears its account token, only if the
   * owner is still unverified. The row lock on the owner serialises concurrent links of one account:
   * the first wins, every other one matches nothing. Returns the credential to activate, or null.
   */
  async verifyOwner(digest: string, now: number, db: Db = this.prisma): Promise<ActivatedRegistration | null> {
    const rows = await db.$queryRaw<{ user_id: number; credential_id: Uint8Array; public_key: Uint8Array; counter: bigint; transports: string | null }[]>`
      UPDATE users u
         SET is_verified = 1, verification_token = NULL, verification_token_expires_at = NULL, verification_resend_count = 0
        FROM pending_passkey_registrations p
       WHERE p.verification_token = ${digest} AND p.verification_token_expires_at > ${BigInt(now)}
         AND u.id = p.user_id AND u.is_verified = 0
      RETURNING u.id AS user_id, p.credential_id, p.public_key, p.counter, p.transports`;
    const row = rows[0];
    if (!row) return null;
    return {
      userId: row.user_id,
      credential: { credentialId: row.credential_id, publicKey: row.public_key, counter: Number(row.counter), transports: row.transports },
    };
  }

  /** Expiry (epoch ms) of the pending registration with this token digest, or null when there is none. */
  async findExpiry(digest: string): Promise<number | null> {
    const row = await this.prisma.pendingPasskeyRegistration.findUnique({ where: { verificationToken: digest }, select: { verificationTokenExpiresAt: true } });
    return row ? Number(row.verificationTokenExpiresAt) : null;
  }

  /** Deletes every pending registration of the account (each verification discards them all). */
  async deleteAllForUser(userId: number, db: Db = this.prisma): Promise<number> {
    return (await db.pendingPasskeyRegistration.deleteMany({ where: { userId } })).count;
  }
}

import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { Prisma } from '../../generated/prisma/client';

/** What the account flows need to know about an account. */
export interface AccountRow {
  id: number;
  email: string;
  isVerified: boolean;
  verificationResendCount: number;
  hasPassword: boolean;
}

/** The identity a sign-in issues a token for (accounts spec §3.7 step 8, §3.9 step 5). */
export interface SignInAccount {
  id: number;
  email: string;
  tokenVersion: number;
}

/** The account columns that decide whether an access token is still good (accounts spec §4.2 steps 3–5). */
export interface TokenHolderState {
  isVerified: boolean;
  tokenVersion: number;
}

/** A token holder's state with the token's session, null when that session does not exist. */
export interface SessionHolderState extends TokenHolderState {
  session: { generation: number; revoked: boolean; lastSeenAt: Date } | null;
}

/**
 * What proves the address of a still-unverified account (accounts spec §3.4 step 1): a followed
 * passkey-registration link, whose unexpired pending row the caller found for this account, or a
 * followed account (magic-link registration) link, matched here by its unexpired token.
 */
export type VerificationProof = { userId: number } | { tokenDigest: string; now: number };

/** The sync storage counter and quota of an account (protocol spec §4.12). */
export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number;
}

/** An account with its storage figures, for the operator's usage report. */
export interface AccountStorage extends StorageUsage {
  id: number;
  email: string;
}

/** What an account export says about the account itself: no credentials, no token digests (opsync-api.md §11). */
export interface AccountProfile {
  email: string;
  isVerified: boolean;
  /** Epoch ms. */
  createdAt: number;
  termsAcceptedAt: number | null;
  storageQuotaBytes: number;
}

/** A token digest with its expiry (epoch ms), as stored. */
export interface StoredToken {
  digest: string;
  expiresAt: number;
}

/** The two "one outstanding token" slots of accounts spec §3.8 and §3.10. */
export type TokenSlot = 'login' | 'recovery';
const SLOT_COLUMNS = {
  login: { token: 'loginToken', expiresAt: 'loginTokenExpiresAt' },
  recovery: { token: 'passkeyRecoveryToken', expiresAt: 'passkeyRecoveryTokenExpiresAt' },
} as const;

/** The three emailed tokens an account can hold: verification and the two slots. */
export type EmailTokenKind = 'verification' | TokenSlot;
const EMAIL_TOKEN_COLUMNS = {
  ...SLOT_COLUMNS,
  verification: { token: 'verificationToken', expiresAt: 'verificationTokenExpiresAt' },
} as const;

const ACCOUNT_SELECT = { id: true, email: true, isVerified: true, verificationResendCount: true, passwordHash: true } as const;
type AccountSelection = Prisma.UserGetPayload<{ select: typeof ACCOUNT_SELECT }>;

function toAccountRow(row: AccountSelection | null): AccountRow | null {
  return (
    row && {
      id: row.id,
      email: row.email,
      isVerified: row.isVerified === 1,
      verificationResendCount: row.verificationResendCount,
      hasPassword: row.passwordHash !== null,
    }
  );
}

/**
 * The one file that touches table `users` (accounts spec §1.1): other modules reach it only through
 * AccountsService. Token columns hold SHA-256 digests; every redemption is one conditional statement,
 * so of two concurrent redemptions exactly one succeeds. The storage columns are kept here too, but the
 * operations module decides when they change (inside its upload transactions, hence the `db` argument).
 */
@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findByEmail(email: string): Promise<AccountRow | null> {
    return toAccountRow(await this.prisma.user.findUnique({ where: { email }, select: ACCOUNT_SELECT }));
  }

  async findProfile(userId: number, db: Db = this.prisma): Promise<AccountProfile | null> {
    const row = await db.user.findUnique({
      where: { id: userId },
      select: { email: true, isVerified: true, createdAt: true, termsAcceptedAt: true, storageQuotaBytes: true },
    });
    return (
      row && {
        email: row.email,
        isVerified: row.isVerified === 1,
        createdAt: row.createdAt.getTime(),
        termsAcceptedAt: row.termsAcceptedAt === null ? null : Number(row.termsAcceptedAt),
        storageQuotaBytes: Number(row.storageQuotaBytes),
      }
    );
  }

  async findById(id: number): Promise<AccountRow | null> {
    return toAccountRow(await this.prisma.user.findUnique({ where: { id }, select: ACCOUNT_SELECT }));
  }

  /** A new unverified account without password; returns its id. A concurrent twin fails with P2002. */
  async create(
    account: {
      email: string;
      termsAcceptedAt: number | null;
      storageQuotaBytes: number;
      verification?: StoredToken;
      passwordHash?: string;
      verified?: boolean;
    },
    db: Db = this.prisma,
  ): Promise<number> {
    const row = await db.user.create({
      data: {
        email: account.email,
        passwordHash: account.passwordHash ?? null,
        isVerified: account.verified ? 1 : 0,
        verificationToken: account.verification?.digest ?? null,
        verificationTokenExpiresAt: account.verification ? BigInt(account.verification.expiresAt) : null,
        termsAcceptedAt: account.termsAcceptedAt === null ? null : BigInt(account.termsAcceptedAt),
        storageQuotaBytes: BigInt(account.storageQuotaBytes),
      },
      select: { id: true },
    });
    return row.id;
  }

  /**
   * Counts one more registration of a still-unverified account (accounts spec §3.2 step 7, §3.3 step 4)
   * and optionally replaces its verification token and consent time. Conditional: false when the
   * account was verified or reached the cap meanwhile.
   */
  async countRegistration(
    userId: number,
    cap: number,
    change: { verification?: StoredToken; termsAcceptedAt?: number },
    db: Db = this.prisma,
  ): Promise<boolean> {
    const { count } = await db.user.updateMany({
      where: { id: userId, isVerified: 0, verificationResendCount: { lt: cap } },
      data: {
        verificationResendCount: { increment: 1 },
        ...(change.verification
          ? { verificationToken: change.verification.digest, verificationTokenExpiresAt: BigInt(change.verification.expiresAt) }
          : {}),
        ...(change.termsAcceptedAt !== undefined ? { termsAcceptedAt: BigInt(change.termsAcceptedAt) } : {}),
      },
    });
    return count === 1;
  }

  /**
   * Marks the account verified and clears its verification token and resend count, only if it is
   * still unverified: the row lock serialises concurrent links of one account, so the first wins and
   * every other one matches nothing. A token proof is checked in the same statement, so a link that a
   * re-registration superseded meanwhile cannot verify. Returns the account id, or null.
   */
  async markVerified(proof: VerificationProof, db: Db = this.prisma): Promise<number | null> {
    const match =
      'userId' in proof
        ? Prisma.sql`id = ${proof.userId}`
        : Prisma.sql`verification_token = ${proof.tokenDigest} AND verification_token_expires_at > ${BigInt(proof.now)}`;
    const rows = await db.$queryRaw<{ id: number }[]>`
      UPDATE users SET is_verified = 1, verification_token = NULL, verification_token_expires_at = NULL, verification_resend_count = 0
       WHERE ${match} AND is_verified = 0
      RETURNING id`;
    return rows[0]?.id ?? null;
  }

  /** Expiry (epoch ms) of the emailed token with this digest in the given column, or null when no account holds it. */
  async findEmailTokenExpiry(kind: EmailTokenKind, digest: string): Promise<number | null> {
    const columns = EMAIL_TOKEN_COLUMNS[kind];
    const row = await this.prisma.user.findFirst({
      where: { [columns.token]: digest } as Prisma.UserWhereInput,
      select: { [columns.expiresAt]: true } as Prisma.UserSelect,
    });
    const expiresAt = (row as Record<string, bigint | null> | null)?.[columns.expiresAt];
    return expiresAt != null ? Number(expiresAt) : null;
  }

  /** Puts a token into an empty or expired slot; false when an unexpired one is already there. */
  async claimSlot(slot: TokenSlot, userId: number, token: StoredToken, now: number): Promise<boolean> {
    const columns = SLOT_COLUMNS[slot];
    const { count } = await this.prisma.user.updateMany({
      where: { id: userId, OR: [{ [columns.token]: null }, { [columns.expiresAt]: { lte: BigInt(now) } }] } as Prisma.UserWhereInput,
      data: { [columns.token]: token.digest, [columns.expiresAt]: BigInt(token.expiresAt) },
    });
    return count === 1;
  }

  /** Empties the slot if it still holds this token (a failed send; never erases a newer token). */
  async releaseSlot(slot: TokenSlot, userId: number, digest: string): Promise<void> {
    const columns = SLOT_COLUMNS[slot];
    await this.prisma.user.updateMany({
      where: { id: userId, [columns.token]: digest } as Prisma.UserWhereInput,
      data: { [columns.token]: null, [columns.expiresAt]: null },
    });
  }

  /** Clears an expired token that was presented (conditional on it still being there and expired). */
  async clearExpiredSlot(slot: TokenSlot, digest: string, now: number): Promise<void> {
    const columns = SLOT_COLUMNS[slot];
    await this.prisma.user.updateMany({
      where: { [columns.token]: digest, [columns.expiresAt]: { lte: BigInt(now) } } as Prisma.UserWhereInput,
      data: { [columns.token]: null, [columns.expiresAt]: null },
    });
  }

  /** The account holding this recovery token, with the token's expiry. */
  async findByRecoveryToken(digest: string): Promise<{ id: number; email: string; expiresAt: number } | null> {
    const row = await this.prisma.user.findFirst({
      where: { passkeyRecoveryToken: digest },
      select: { id: true, email: true, passkeyRecoveryTokenExpiresAt: true },
    });
    return row && { id: row.id, email: row.email, expiresAt: Number(row.passkeyRecoveryTokenExpiresAt ?? 0) };
  }

  /**
   * Redeems a magic-login token (accounts spec §3.9 step 4): clears it and the legacy lockout state if
   * the row still holds it unexpired. Null when it did not (unknown, used, expired, or lost a race).
   */
  async redeemLoginToken(digest: string, now: number, db: Db = this.prisma): Promise<SignInAccount | null> {
    const rows = await db.$queryRaw<{ id: number; email: string; token_version: number }[]>`
      UPDATE users SET login_token = NULL, login_token_expires_at = NULL, failed_login_attempts = 0, locked_until = NULL
       WHERE login_token = ${digest} AND login_token_expires_at > ${BigInt(now)}
      RETURNING id, email, token_version`;
    return rows[0] ? { id: rows[0].id, email: rows[0].email, tokenVersion: rows[0].token_version } : null;
  }

  /**
   * Consumes a recovery token and revokes every access token of the account (accounts spec §3.12
   * step 5). Returns the account id, or null when the token is no longer there unexpired.
   */
  async redeemRecoveryToken(digest: string, now: number, db: Db = this.prisma): Promise<number | null> {
    const rows = await db.$queryRaw<{ id: number }[]>`
      UPDATE users SET passkey_recovery_token = NULL, passkey_recovery_token_expires_at = NULL, token_version = token_version + 1
       WHERE passkey_recovery_token = ${digest} AND passkey_recovery_token_expires_at > ${BigInt(now)}
      RETURNING id`;
    return rows[0]?.id ?? null;
  }

  async findTokenHolderState(userId: number, db: Db = this.prisma): Promise<TokenHolderState | null> {
    const row = await db.user.findUnique({ where: { id: userId }, select: { isVerified: true, tokenVersion: true } });
    return row && { isVerified: row.isVerified === 1, tokenVersion: row.tokenVersion };
  }

  /**
   * The token check of a token with a session: the account and the session in one statement (two
   * primary-key probes, one round trip), so checking a session costs no more than checking the account.
   * Reads table `sessions`, which devices/sessions owns and alone writes.
   */
  async findSessionHolderState(userId: number, sessionId: string): Promise<SessionHolderState | null> {
    const rows = await this.prisma.$queryRaw<
      { is_verified: number; token_version: number; generation: number | null; revoked: boolean | null; last_seen_at: Date | null }[]
    >`
      SELECT u.is_verified, u.token_version, s.generation, s.revoked_at IS NOT NULL AS revoked, s.last_seen_at
        FROM users u LEFT JOIN sessions s ON s.user_id = u.id AND s.id = ${sessionId}
       WHERE u.id = ${userId}`;
    const row = rows[0];
    if (!row) return null;
    const session =
      row.generation === null || row.last_seen_at === null
        ? null
        : { generation: row.generation, revoked: row.revoked === true, lastSeenAt: row.last_seen_at };
    return { isVerified: row.is_verified === 1, tokenVersion: row.token_version, session };
  }

  /**
   * Moves the token version on, which revokes every earlier token of the account (accounts spec §4.5).
   * One atomic statement, so concurrent bumps each get their own version; null if the account is gone.
   */
  async bumpTokenVersion(userId: number, db: Db = this.prisma): Promise<number | null> {
    const rows = await db.$queryRaw<{ token_version: number }[]>`
      UPDATE users SET token_version = token_version + 1 WHERE id = ${userId} RETURNING token_version`;
    return rows[0]?.token_version ?? null;
  }

  /** Zero for both when there is no such account. */
  async findStorageUsage(userId: number, db: Db = this.prisma): Promise<StorageUsage> {
    const [row] = await db.$queryRaw<{ used: number; quota: number }[]>`
      SELECT storage_used_bytes::float8 AS used, storage_quota_bytes::float8 AS quota FROM users WHERE id = ${userId}`;
    return row ? { usedBytes: row.used, quotaBytes: row.quota } : { usedBytes: 0, quotaBytes: 0 };
  }

  /** Adds (or, negative, subtracts) bytes to the storage counter; never below 0. */
  async addStorageUsed(userId: number, deltaBytes: number, db: Db = this.prisma): Promise<void> {
    if (deltaBytes === 0) return;
    await db.$executeRaw`UPDATE users SET storage_used_bytes = greatest(0, storage_used_bytes + ${deltaBytes}::bigint) WHERE id = ${userId}`;
  }

  async setStorageUsed(userId: number, bytes: number, db: Db = this.prisma): Promise<void> {
    await db.$executeRaw`UPDATE users SET storage_used_bytes = ${bytes}::bigint WHERE id = ${userId}`;
  }

  /** The accounts with the largest storage counters, largest first (ties by id). */
  largestByStorage(limit: number): Promise<AccountStorage[]> {
    return this.prisma.$queryRaw<AccountStorage[]>`
      SELECT id, email, storage_used_bytes::float8 AS "usedBytes", storage_quota_bytes::float8 AS "quotaBytes"
        FROM users ORDER BY storage_used_bytes DESC, id LIMIT ${limit}`;
  }

  /** The addresses of these accounts, by id; ids without an account are absent. */
  async findEmails(ids: readonly number[]): Promise<Map<number, string>> {
    const rows = await this.prisma.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, email: true } });
    return new Map(rows.map((row) => [row.id, row.email]));
  }

  /** How many accounts exist, and how many of them are verified. */
  async count(): Promise<{ total: number; verified: number }> {
    const [total, verified] = await Promise.all([this.prisma.user.count(), this.prisma.user.count({ where: { isVerified: 1 } })]);
    return { total, verified };
  }

  /** Deletes the account; its passkeys, registrations and sync data go with it (ON DELETE CASCADE). */
  async delete(userId: number, db: Db = this.prisma): Promise<boolean> {
    return (await db.user.deleteMany({ where: { id: userId } })).count === 1;
  }

  /** TEST_MODE cleanup: every account (and by cascade all data) goes. */
  async deleteAll(): Promise<void> {
    await this.prisma.user.deleteMany({});
  }
}

/*
 * The only file that touches the table `key_versions` (opsync-api.md §6): one row per stored version.
 *
 *   PK (user_id, key_id, version)   every statement filters by user_id (sharding by user stays possible);
 *                                   the PK serves "latest version" (backward scan), one key's versions and
 *                                   an account's list, and is what refuses a second writer of a version
 *   encrypted_key, salt, nonce text the client's base64 text, verbatim; algorithm, kdf text
 *   created_at bigint (ms); created_by text NULL (session id; NULL until sessions exist)
 *   FK user_id → users ON DELETE CASCADE: deleting the account deletes its keys
 *
 * Versions of a key only grow: a version is inserted only as max + 1, and the latest one is never
 * deleted, so max(version) never goes down and a version number is never reused.
 */
import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../database';

/** What a client stores as one version of a key. */
export interface NewKeyVersion {
  version: number;
  encryptedKey: string;
  salt: string;
  nonce: string;
  algorithm: string;
  kdf: string;
}

export interface KeyVersionRow extends NewKeyVersion {
  keyId: string;
  createdAt: number;
  createdBy: string | null;
}

export interface KeySummaryRow {
  keyId: string;
  /** Ascending. */
  versions: number[];
  /** createdAt of the latest version. */
  updatedAt: number;
}

const ROW_COLUMNS = {
  keyId: true,
  version: true,
  encryptedKey: true,
  salt: true,
  nonce: true,
  algorithm: true,
  kdf: true,
  createdAt: true,
  createdBy: true,
} as const;

@Injectable()
export class KeyVersionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Inserts `key.version` only if it is the key's latest version + 1 (1 for a new key); false otherwise.
   * Two writers of the same version: the primary key lets one in and the other does nothing (it waits
   * for the first to commit), so a race never raises an error.
   */
  async insertNext(
    userId: number,
    keyId: string,
    key: NewKeyVersion,
    createdAt: number,
    createdBy: string | null,
    db: Db,
  ): Promise<boolean> {
    const inserted = await db.$executeRaw`
      INSERT INTO key_versions (user_id, key_id, version, encrypted_key, salt, nonce, algorithm, kdf, created_at, created_by)
      SELECT ${userId}, ${keyId}, ${key.version}::int, ${key.encryptedKey}, ${key.salt}, ${key.nonce}, ${key.algorithm}, ${key.kdf}, ${createdAt}::bigint, ${createdBy}
       WHERE (SELECT coalesce(max(version), 0) FROM key_versions WHERE user_id = ${userId} AND key_id = ${keyId}) = ${key.version}::int - 1
      ON CONFLICT (user_id, key_id, version) DO NOTHING`;
    return inserted === 1;
  }

  /** The key's latest version number, 0 when it has none. */
  async latestVersion(userId: number, keyId: string, db: Db = this.prisma): Promise<number> {
    const latest = await db.keyVersion.aggregate({ where: { userId, keyId }, _max: { version: true } });
    return latest._max.version ?? 0;
  }

  /** One version, or the latest when `version` is undefined; null when there is none. */
  async find(userId: number, keyId: string, version: number | undefined): Promise<KeyVersionRow | null> {
    const row = await this.prisma.keyVersion.findFirst({
      where: { userId, keyId, ...(version !== undefined ? { version } : {}) },
      orderBy: { version: 'desc' },
      select: ROW_COLUMNS,
    });
    return row && { ...row, createdAt: Number(row.createdAt) };
  }

  /** Every key of the account with its versions, by keyId. */
  async summaries(userId: number): Promise<KeySummaryRow[]> {
    const rows = await this.prisma.$queryRaw<{ key_id: string; versions: number[]; updated_at: number }[]>`
      SELECT key_id, array_agg(version ORDER BY version) AS versions, (array_agg(created_at ORDER BY version DESC))[1]::float8 AS updated_at
        FROM key_versions WHERE user_id = ${userId}
       GROUP BY key_id ORDER BY key_id`;
    return rows.map((row) => ({ keyId: row.key_id, versions: row.versions, updatedAt: row.updated_at }));
  }

  /** Deletes one version unless it is the key's latest; false when nothing was deleted. */
  async deleteUnlessLatest(userId: number, keyId: string, version: number, db: Db): Promise<boolean> {
    const deleted = await db.$executeRaw`
      DELETE FROM key_versions
       WHERE user_id = ${userId} AND key_id = ${keyId} AND version = ${version}::int
         AND version < (SELECT max(version) FROM key_versions WHERE user_id = ${userId} AND key_id = ${keyId})`;
    return deleted === 1;
  }

  async exists(userId: number, keyId: string, version: number, db: Db): Promise<boolean> {
    return (await db.keyVersion.count({ where: { userId, keyId, version } })) > 0;
  }

  /** Every stored version of every key of the account, by keyId and version (account export). */
  async listAll(userId: number, db: Db = this.prisma): Promise<KeyVersionRow[]> {
    const rows = await db.keyVersion.findMany({ where: { userId }, orderBy: [{ keyId: 'asc' }, { version: 'asc' }], select: ROW_COLUMNS });
    return rows.map((row) => ({ ...row, createdAt: Number(row.createdAt) }));
  }

  async hasAny(userId: number, db: Db): Promise<boolean> {
    return (await db.keyVersion.count({ where: { userId }, take: 1 })) > 0;
  }

  /**
   * Writes exported versions as they were (numbers, times and authors kept). An import writes into an
   * account without keys, so the versions arrive whole and "only max + 1" need not be checked row by row.
   */
  async restore(userId: number, rows: KeyVersionRow[], db: Db): Promise<void> {
    if (rows.length === 0) return;
    await db.keyVersion.createMany({ data: rows.map((row) => ({ ...row, userId, createdAt: BigInt(row.createdAt) })) });
  }

  /** Distinct keys per account, for the given accounts (absent: none). */
  async keyCounts(userIds: number[]): Promise<Map<number, number>> {
    const rows = await this.prisma.$queryRaw<{ user_id: number; keys: number }[]>`
      SELECT user_id, count(DISTINCT key_id)::int AS keys FROM key_versions WHERE user_id = ANY(${userIds}::int[]) GROUP BY user_id`;
    return new Map(rows.map((row) => [row.user_id, row.keys]));
  }

  /** Fleet-wide totals (operator reports): distinct keys and stored versions. */
  async totals(): Promise<{ keys: number; versions: number }> {
    const [row] = await this.prisma.$queryRaw<{ keys: number; versions: number }[]>`
      SELECT count(DISTINCT (user_id, key_id))::float8 AS keys, count(*)::float8 AS versions FROM key_versions`;
    return row;
  }
}

/*
 * The only file that touches the table `stores` (opsync-api.md §3) — except the log module's seq counter.
 *
 *   PK (id)                  a server-made UUID: a shared store belongs to no single account's shard
 *   index (owner_id)         the bytes an account is charged for (quota), account deletion
 *   kind text blob | log; meta, data text (the client's text, verbatim); stored_bytes bigint (quota charge)
 *   token text (new on every write), version int (+1 on every write), updated_at, updated_by (session)
 *   FK owner_id → users ON DELETE CASCADE: the stores module hands shared stores over before an account goes
 *   store_members, store_names, log_entries cascade from here
 */
import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { StoreKind, StorePermission } from '../store-permission';

export interface NewStore {
  id: string;
  kind: StoreKind;
  ownerId: number;
  meta: string | null;
  data: string | null;
  storedBytes: number;
  token: string;
}

export interface StoreRow {
  id: string;
  kind: StoreKind;
  meta: string | null;
  data: string | null;
  token: string;
  version: number;
  updatedAt: Date;
  storedBytes: number;
}

/** One line of an account's store list: the store and the account's own membership. */
export interface StoreListRow extends Omit<StoreRow, 'data'> {
  permission: StorePermission;
  syncEnabled: boolean;
}

export interface StoreState {
  token: string;
  version: number;
  storedBytes: number;
  metaBytes: number;
}

/** A compare-and-set write: `meta` null keeps the stored meta. */
export interface StoreWrite {
  data: string;
  meta: string | null;
  dataBytes: number;
  newToken: string;
}

@Injectable()
export class StoresRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(store: NewStore, db: Db): Promise<void> {
    await db.store.create({ data: { ...store, storedBytes: BigInt(store.storedBytes) } });
  }

  async find(id: string, db: Db = this.prisma): Promise<StoreRow | null> {
    const [row] = await db.$queryRaw<StoreRow[]>`
      SELECT id, kind, meta, data, token, version, updated_at AS "updatedAt", stored_bytes::float8 AS "storedBytes"
        FROM stores WHERE id = ${id}`;
    return row ?? null;
  }

  /** The stores the account is a member of, changed after `changedSince` when given, newest first. */
  listFor(userId: number, changedSince: Date | undefined): Promise<StoreListRow[]> {
    return this.prisma.$queryRaw<StoreListRow[]>`
      SELECT s.id, s.kind, s.meta, s.token, s.version, s.updated_at AS "updatedAt", s.stored_bytes::float8 AS "storedBytes",
             m.permission, m.sync_enabled AS "syncEnabled"
        FROM store_members m JOIN stores s ON s.id = m.store_id
       WHERE m.user_id = ${userId} AND (${changedSince ?? null}::timestamptz IS NULL OR s.updated_at > ${changedSince ?? null}::timestamptz)
       ORDER BY s.updated_at DESC, s.id`;
  }

  /** The store's current token, version and charge (meta's share apart), or null when it is gone. */
  async current(id: string, db: Db): Promise<StoreState | null> {
    const [row] = await db.$queryRaw<StoreState[]>`
      SELECT token, version, stored_bytes::float8 AS "storedBytes", octet_length(coalesce(meta, ''))::int AS "metaBytes" FROM stores WHERE id = ${id}`;
    return row ?? null;
  }

  /**
   * The compare-and-set of every write (opsync-api.md §3): one statement, so of two writers holding the
   * same token exactly one matches (the other waits for its commit, re-checks the row and finds a new
   * token). Null when the token did not match (or the store is gone): nothing was written.
   */
  async compareAndSet(id: string, token: string, write: StoreWrite, db: Db): Promise<{ token: string; version: number } | null> {
    const [row] = await db.$queryRaw<{ token: string; version: number }[]>`
      UPDATE stores
         SET data = ${write.data}, meta = coalesce(${write.meta}, meta),
             stored_bytes = ${write.dataBytes}::bigint + octet_length(coalesce(${write.meta}, meta, '')),
             token = ${write.newToken}, version = version + 1, updated_at = now()
       WHERE id = ${id} AND token = ${token}
      RETURNING token, version`;
    return row ?? null;
  }

  /** Locks the store row: membership changes of one store run one after the other (LAST_OWNER stays true). */
  async lock(id: string, db: Db): Promise<{ ownerId: number } | null> {
    const [row] = await db.$queryRaw<{ ownerId: number }[]>`SELECT owner_id AS "ownerId" FROM stores WHERE id = ${id} FOR UPDATE`;
    return row ?? null;
  }

  async delete(id: string, db: Db): Promise<void> {
    await db.$executeRaw`DELETE FROM stores WHERE id = ${id}`;
  }

  /** Bytes of every store the account is charged for. */
  async ownedBytes(userId: number, db: Db = this.prisma): Promise<number> {
    const [row] = await db.$queryRaw<{ bytes: number }[]>`
      SELECT coalesce(sum(stored_bytes), 0)::float8 AS bytes FROM stores WHERE owner_id = ${userId}`;
    return row.bytes;
  }

  /**
   * Makes the earliest-added OWN member other than `leavingUserId` the owner of each store `leavingUserId`
   * owns (the store is then charged to it). Stores without another OWN member keep their owner.
   */
  async handOver(leavingUserId: number, storeId: string | null, db: Db): Promise<void> {
    await db.$executeRaw`
      WITH next AS (
        SELECT DISTINCT ON (m.store_id) m.store_id, m.user_id
          FROM stores s JOIN store_members m ON m.store_id = s.id
         WHERE s.owner_id = ${leavingUserId} AND (${storeId}::text IS NULL OR s.id = ${storeId}::text)
           AND m.permission = 'OWN' AND m.user_id <> ${leavingUserId}
         ORDER BY m.store_id, m.added_at, m.user_id)
      UPDATE stores s SET owner_id = next.user_id FROM next WHERE s.id = next.store_id`;
  }

  /** Deletes the stores whose only OWN member is the account (account deletion); their rows cascade. */
  async deleteSolelyOwned(userId: number, db: Db): Promise<number> {
    return db.$executeRaw`
      DELETE FROM stores s
       WHERE EXISTS (SELECT 1 FROM store_members m WHERE m.store_id = s.id AND m.user_id = ${userId} AND m.permission = 'OWN')
         AND NOT EXISTS (SELECT 1 FROM store_members m WHERE m.store_id = s.id AND m.user_id <> ${userId} AND m.permission = 'OWN')`;
  }

  /** Stores and log entries per owner, for the given accounts (absent: none). */
  async countsByOwner(userIds: number[]): Promise<Map<number, { stores: number; logEntries: number }>> {
    const rows = await this.prisma.$queryRaw<{ owner_id: number; stores: number; entries: number }[]>`
      SELECT s.owner_id, count(*)::int AS stores,
             coalesce(sum((SELECT count(*) FROM log_entries e WHERE e.store_id = s.id)), 0)::float8 AS entries
        FROM stores s WHERE s.owner_id = ANY(${userIds}::int[]) GROUP BY s.owner_id`;
    return new Map(rows.map((row) => [row.owner_id, { stores: row.stores, logEntries: row.entries }]));
  }

  /** Fleet-wide totals (operator reports). */
  async totals(): Promise<{ stores: number; logEntries: number }> {
    const [row] = await this.prisma.$queryRaw<{ stores: number; logEntries: number }[]>`
      SELECT (SELECT count(*) FROM stores)::float8 AS stores, (SELECT count(*) FROM log_entries)::float8 AS "logEntries"`;
    return row;
  }
}

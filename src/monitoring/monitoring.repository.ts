/*
 * Read-only SQL of the operator reports (scripts/monitor.ts). It reads tables other modules own —
 * users (accounts; its storage columns belong to operations), operations, sync_devices — and the
 * PostgreSQL catalogue, which no module owns. That is deliberate and limited to reports: each of these
 * is one aggregate statement across several tables (an account ranking with its op count, accounts
 * joined with their devices), which the owning modules' per-user services could only answer with a
 * query per account, and which those modules have no other use for. Nothing here writes; facts that
 * one module answers alone (account and op totals) are asked of that module's service instead.
 */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database';

export interface TableSize {
  name: string;
  /** Table, indexes and TOAST. */
  bytes: number;
}

export interface AccountUsage {
  id: number;
  email: string;
  /** The storage counter (kept in step with the ops; reconciled when the quota is reached). */
  usedBytes: number;
  quotaBytes: number;
  ops: number;
}

export interface ActiveAccount {
  id: number;
  email: string;
  lastSeenAt: Date;
  /** Devices of the account seen within the window. */
  devices: number;
}

@Injectable()
export class MonitoringRepository {
  constructor(private readonly prisma: PrismaService) {}

  async databaseBytes(): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ bytes: number }[]>`SELECT pg_database_size(current_database())::float8 AS bytes`;
    return row.bytes;
  }

  largestTables(limit: number): Promise<TableSize[]> {
    return this.prisma.$queryRaw<TableSize[]>`
      SELECT relname AS name, pg_total_relation_size(relid)::float8 AS bytes FROM pg_catalog.pg_statio_user_tables
       ORDER BY bytes DESC, name LIMIT ${limit}`;
  }

  /** Accounts by storage counter, largest first; the op count is one index range per listed account. */
  topAccountsByStorage(limit: number): Promise<AccountUsage[]> {
    return this.prisma.$queryRaw<AccountUsage[]>`
      SELECT u.id, u.email, u.storage_used_bytes::float8 AS "usedBytes", u.storage_quota_bytes::float8 AS "quotaBytes",
             (SELECT count(*) FROM operations o WHERE o.user_id = u.id)::int AS ops
        FROM users u ORDER BY u.storage_used_bytes DESC, u.id LIMIT ${limit}`;
  }

  /** Accounts with a device seen since `since`, most recently seen first, and how many such accounts there are in all. */
  async activeAccounts(since: Date, limit: number): Promise<{ total: number; accounts: ActiveAccount[] }> {
    const rows = await this.prisma.$queryRaw<(ActiveAccount & { total: number })[]>`
      SELECT u.id, u.email, a.last_seen AS "lastSeenAt", a.devices, count(*) OVER ()::int AS total
        FROM (SELECT user_id, max(last_seen_at) AS last_seen, count(*)::int AS devices
                FROM sync_devices WHERE last_seen_at >= ${since} GROUP BY user_id) a
        JOIN users u ON u.id = a.user_id
       ORDER BY a.last_seen DESC, u.id LIMIT ${limit}`;
    return { total: rows[0]?.total ?? 0, accounts: rows.map(({ total: _total, ...account }) => account) };
  }
}

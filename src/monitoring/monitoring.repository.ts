/*
 * Read-only SQL of the operator reports (scripts/monitor.ts). It reads tables other modules own —
 * operations, sync_devices — and the PostgreSQL catalogue, which no module owns. That is deliberate
 * and limited to reports: each of these is one aggregate statement over many accounts (op counts of a
 * list of accounts, devices seen per account), which the owning modules' per-user services could only
 * answer with a query per account, and which those modules have no other use for. Nothing here
 * writes; table users is asked of AccountsService (the ranking by storage, the emails), and facts one
 * module answers alone (account and op totals) of that module's service.
 */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database';

export interface TableSize {
  name: string;
  /** Table, indexes and TOAST. */
  bytes: number;
}

/** An account with a sync device seen within a window. */
export interface ActiveUser {
  userId: number;
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

  /** How many ops each of these accounts stores: one index range per account; accounts without ops are absent. */
  async opCounts(userIds: readonly number[]): Promise<Map<number, number>> {
    const rows = await this.prisma.$queryRaw<{ userId: number; ops: number }[]>`
      SELECT user_id AS "userId", count(*)::int AS ops FROM operations WHERE user_id = ANY(${[...userIds]}::int[]) GROUP BY user_id`;
    return new Map(rows.map((row) => [row.userId, row.ops]));
  }

  /** Accounts with a device seen since `since`, most recently seen first, and how many such accounts there are in all. */
  async activeUsers(since: Date, limit: number): Promise<{ total: number; users: ActiveUser[] }> {
    const rows = await this.prisma.$queryRaw<(ActiveUser & { total: number })[]>`
      SELECT user_id AS "userId", max(last_seen_at) AS "lastSeenAt", count(*)::int AS devices, count(*) OVER ()::int AS total
        FROM sync_devices WHERE last_seen_at >= ${since} GROUP BY user_id
       ORDER BY "lastSeenAt" DESC, user_id LIMIT ${limit}`;
    return { total: rows[0]?.total ?? 0, users: rows.map(({ total: _total, ...user }) => user) };
  }
}

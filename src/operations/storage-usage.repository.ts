import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../database';

export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number;
}

/**
 * The sync storage counter and quota, kept on the account row (users.storage_used_bytes /
 * storage_quota_bytes, stamped by account creation). This file is the only writer of the counter;
 * it touches no other column of users.
 */
@Injectable()
export class StorageUsageRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(userId: number, db: Db = this.prisma): Promise<StorageUsage> {
    const [row] = await db.$queryRaw<{ used: number; quota: number }[]>`
      SELECT storage_used_bytes::float8 AS used, storage_quota_bytes::float8 AS quota FROM users WHERE id = ${userId}`;
    return row ? { usedBytes: row.used, quotaBytes: row.quota } : { usedBytes: 0, quotaBytes: 0 };
  }

  /** Adds (or, negative, subtracts) bytes; never below 0. */
  async add(userId: number, deltaBytes: number, db: Db = this.prisma): Promise<void> {
    if (deltaBytes === 0) return;
    await db.$executeRaw`UPDATE users SET storage_used_bytes = greatest(0, storage_used_bytes + ${deltaBytes}::bigint) WHERE id = ${userId}`;
  }

  async set(userId: number, bytes: number, db: Db = this.prisma): Promise<void> {
    await db.$executeRaw`UPDATE users SET storage_used_bytes = ${bytes}::bigint WHERE id = ${userId}`;
  }
}

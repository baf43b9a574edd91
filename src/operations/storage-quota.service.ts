import { Injectable } from '@nestjs/common';
import { AccountsService, StorageUsage } from '../auth';
import { ApiError } from '../common';
import { Db, PrismaService } from '../database';
import { MAX_QUOTA_CLEANUP_ROUNDS } from './domain/protocol-limits';
import { OpsError } from './operations.errors';
import { OperationsRepository } from './persistence/operations.repository';
import { SyncStateRepository } from './persistence/sync-state.repository';
import { UPLOAD_TRANSACTION } from './persistence/upload-transaction';

export interface CleanupStats {
  freedBytes: number;
  deletedRestorePoints: number;
  deletedOps: number;
}

export type QuotaVerdict = { allowed: true; cleanedUp: boolean } | { allowed: false; error: ApiError };

/** The 413 quota body of §3.1. */
export function quotaExceeded(usage: StorageUsage, autoCleanupAttempted: boolean, cleanupStats?: CleanupStats): ApiError {
  return new ApiError(OpsError.StorageQuotaExceeded, {
    storageUsedBytes: usage.usedBytes,
    storageQuotaBytes: usage.quotaBytes,
    autoCleanupAttempted,
    ...(cleanupStats ? { cleanupStats } : {}),
  });
}

const fits = (usage: StorageUsage, additional: number) => usage.usedBytes + additional <= usage.quotaBytes;

/** Storage quota accounting and enforcement (protocol spec §4.12). */
@Injectable()
export class StorageQuotaService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly accounts: AccountsService,
    private readonly ops: OperationsRepository,
    private readonly state: SyncStateRepository,
  ) {}

  find(userId: number, db?: Db): Promise<StorageUsage> {
    return this.accounts.storageUsage(userId, db);
  }

  /**
   * The upload gate, run under the user's lock: admits `additionalBytes` if they fit; else reconciles
   * the advisory counter once, then deletes the oldest restore points and every op up to them while
   * at least two remain (at most 50 rounds). Deletions stay even when the answer is still "no".
   */
  async admit(userId: number, additionalBytes: number, db: Db): Promise<QuotaVerdict> {
    let usage = await this.accounts.storageUsage(userId, db);
    if (fits(usage, additionalBytes)) return { allowed: true, cleanedUp: false };
    usage = { ...usage, usedBytes: await this.reconcile(userId, db) };
    if (fits(usage, additionalBytes)) return { allowed: true, cleanedUp: false };

    const stats: CleanupStats = { freedBytes: 0, deletedRestorePoints: 0, deletedOps: 0 };
    for (let round = 0; round < MAX_QUOTA_CLEANUP_ROUNDS; round++) {
      const oldest = await this.ops.causalFullStatesOldestFirst(userId, 2, db);
      if (oldest.length < 2) break;
      const deleted = await this.ops.deletePrefix(userId, { throughSeq: oldest[0].serverSeq }, db);
      await this.accounts.adjustStorageUsed(userId, -deleted.freedBytes, db);
      stats.freedBytes += deleted.freedBytes;
      stats.deletedOps += deleted.deletedOps;
      stats.deletedRestorePoints += 1;
      usage = { ...usage, usedBytes: Math.max(0, usage.usedBytes - deleted.freedBytes) };
      if (fits(usage, additionalBytes)) return { allowed: true, cleanedUp: true };
    }
    return { allowed: false, error: quotaExceeded(usage, true, stats) };
  }

  /**
   * The snapshot's cheap pre-gate (§3.3 step 5): refuses only when the counter says the quota is
   * already full and an exact recount agrees.
   */
  async refuseIfFull(userId: number): Promise<void> {
    const usage = await this.accounts.storageUsage(userId);
    if (usage.usedBytes < usage.quotaBytes) return;
    const usedBytes = await this.prisma.$transaction(async (tx) => {
      await this.state.lock(userId, tx);
      return this.reconcile(userId, tx);
    }, UPLOAD_TRANSACTION);
    if (usedBytes >= usage.quotaBytes) throw quotaExceeded({ ...usage, usedBytes }, false);
  }

  /** Sets the counter to the exact sum of the user's op sizes (no snapshot cache is kept). */
  private async reconcile(userId: number, db: Db): Promise<number> {
    const exact = await this.ops.sumStoredBytes(userId, db);
    await this.accounts.setStorageUsed(userId, exact, db);
    return exact;
  }
}

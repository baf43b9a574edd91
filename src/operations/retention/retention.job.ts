import { Injectable, Logger } from '@nestjs/common';
import { AccountEventsService } from '../../account-events';
import { AccountsService } from '../../auth';
import { AppConfig } from '../../config';
import { AdvisoryLock, PrismaService } from '../../database';
import { SyncDevicesService } from '../../devices';
import { RETENTION_MS } from '../domain/protocol-limits';
import { OperationsRepository } from '../persistence/operations.repository';
import { SyncStateRepository } from '../persistence/sync-state.repository';
import { RequestDedupService } from '../request-dedup.service';

/** Candidates read per query while sweeping users. */
const USER_PAGE = 500;
/** The lock-holding transaction must outlive any run. */
const MAX_RUN_MS = 6 * 60 * 60_000;

export interface RetentionReport {
  usersPruned: number;
  opsDeleted: number;
  devicesDeleted: number;
  dedupEntriesDeleted: number;
  /** Event-feed rows past their 30 days (opsync-api.md §7). */
  eventsDeleted: number;
}

/**
 * The daily retention job (protocol spec §4.13; the event feed's 30 days, opsync-api.md §7), run by
 * RetentionSchedule on every server instance; a PostgreSQL advisory lock lets exactly one instance run
 * at a time (the others skip).
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly ops: OperationsRepository,
    private readonly state: SyncStateRepository,
    private readonly accounts: AccountsService,
    private readonly devices: SyncDevicesService,
    private readonly dedup: RequestDedupService,
    private readonly events: AccountEventsService,
  ) {}

  /** One run, if no other instance is running one (then null). `now` is injectable for tests. */
  async runOnce(now = Date.now()): Promise<RetentionReport | null> {
    return this.prisma.$transaction(
      async (lockHolder) => {
        const [{ locked }] = await lockHolder.$queryRaw<
          { locked: boolean }[]
        >`SELECT pg_try_advisory_xact_lock(${AdvisoryLock.retentionJob}) AS locked`;
        if (!locked) return null;
        // The work commits in its own short transactions; this one only holds the lock.
        const { usersPruned, opsDeleted } = await this.pruneOldHistory(now);
        const devicesDeleted = await this.devices.purgeStale();
        const dedupEntriesDeleted = await this.dedup.purgeExpired();
        const eventsDeleted = await this.events.purgeExpired(now);
        const report = { usersPruned, opsDeleted, devicesDeleted, dedupEntriesDeleted, eventsDeleted };
        this.logger.log(`retention: ${JSON.stringify(report)}`);
        return report;
      },
      { maxWait: 10_000, timeout: MAX_RUN_MS },
    );
  }

  /**
   * Old-op sweep: per user, delete every op below the latest causal full-state op B, but only if none of
   * them arrived within the retention period (the prefix goes whole or not at all), so the lowest
   * surviving op is B and downloads fast-forward without a gap. The per-run budget is checked between
   * users only: a started user is always finished.
   */
  private async pruneOldHistory(now: number): Promise<{ usersPruned: number; opsDeleted: number }> {
    const { batchSize, maxDeletedPerRun } = this.config.oldOpsCleanup;
    const cutoff = now - RETENTION_MS;
    let usersPruned = 0;
    let opsDeleted = 0;
    let afterUserId = 0;
    for (;;) {
      const candidates = await this.state.withPrunableHistory(afterUserId, USER_PAGE);
      for (const { userId, boundarySeq } of candidates) {
        if (opsDeleted >= maxDeletedPerRun) return { usersPruned, opsDeleted };
        afterUserId = userId;
        if (await this.ops.receivedSinceBelow(userId, boundarySeq, cutoff)) continue;
        opsDeleted += await this.deleteBelow(userId, boundarySeq, batchSize);
        usersPruned += 1;
      }
      if (candidates.length < USER_PAGE) return { usersPruned, opsDeleted };
    }
  }

  /** Deletes ops below `boundarySeq` in batches, each with its storage counter decrement. */
  private async deleteBelow(userId: number, boundarySeq: number, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.prisma.$transaction(async (tx) => {
        const result = await this.ops.deletePrefix(userId, { throughSeq: boundarySeq - 1, limit: batchSize }, tx);
        await this.accounts.adjustStorageUsed(userId, -result.freedBytes, tx);
        return result.deletedOps;
      });
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}

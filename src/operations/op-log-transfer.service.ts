import { Injectable } from '@nestjs/common';
import { AccountsService } from '../auth';
import { ApiError } from '../common';
import { Db } from '../database';
import { StoredOp } from './domain/op-record';
import { OpsError } from './operations.errors';
import { OperationsRepository } from './persistence/operations.repository';
import { SyncState, SyncStateRepository } from './persistence/sync-state.repository';
import { quotaExceeded } from './storage-quota.service';

/** The part of user_sync_state an export carries; the upload rate-limit epoch stays with its server. */
export type ExportedSyncState = Pick<SyncState, 'lastSeq' | 'marker' | 'latestStateReplacementSeq'>;

/** Ops per keyset page of an export: a page is also capped by the repository's byte budget. */
const EXPORT_PAGE_OPS = 500;

/**
 * The op log's side of an account export and import (opsync-api.md §11): its tables read and written
 * exactly as stored (ids, seqs, clocks, payload text), inside the caller's transaction, so the account
 * transfer module never touches them itself.
 */
@Injectable()
export class OpLogTransferService {
  constructor(
    private readonly ops: OperationsRepository,
    private readonly state: SyncStateRepository,
    private readonly accounts: AccountsService,
  ) {}

  async exportState(userId: number, db: Db): Promise<ExportedSyncState> {
    const state = await this.state.find(userId, db);
    return {
      lastSeq: state?.lastSeq ?? 0,
      marker: state?.marker ?? null,
      latestStateReplacementSeq: state?.latestStateReplacementSeq ?? 0,
    };
  }

  /** The retained ops up to `maxSeq`, oldest first, one keyset page in memory at a time. */
  async *exportOps(userId: number, maxSeq: number, db: Db): AsyncGenerator<StoredOp> {
    let afterSeq = 0;
    for (;;) {
      const { ops, more } = await this.ops.page({ userId, afterSeq, maxSeq, limit: EXPORT_PAGE_OPS }, db);
      yield* ops;
      if (!more || ops.length === 0) return;
      afterSeq = ops[ops.length - 1].serverSeq;
    }
  }

  /**
   * Takes the user's sequence lock for the rest of the import's transaction (uploads of this account
   * wait) and says whether the log has never started: no seq was ever handed out here.
   */
  async lockUnstarted(userId: number, db: Db): Promise<boolean> {
    return (await this.state.lock(userId, db)).lastSeq === 0;
  }

  /** Stores imported ops as they were; an op id this server already holds refuses the whole import. */
  async importOps(userId: number, ops: StoredOp[], db: Db): Promise<void> {
    const taken = await this.ops.findByIds(
      ops.map((op) => op.id),
      db,
    );
    const [clash] = taken.keys();
    if (clash !== undefined) throw new ApiError(OpsError.ImportedOpIdTaken(clash));
    await this.ops.insert(userId, ops, db);
  }

  /** Last step of an import: the exported sequence state, and the storage counter set to what was imported (within the quota here). */
  async importState(userId: number, state: ExportedSyncState, storedBytes: number, db: Db): Promise<void> {
    const usage = await this.accounts.storageUsage(userId, db);
    if (storedBytes > usage.quotaBytes) throw quotaExceeded({ usedBytes: storedBytes, quotaBytes: usage.quotaBytes }, false);
    await this.state.advance(
      userId,
      { lastSeq: state.lastSeq, marker: state.marker ?? undefined, latestStateReplacementSeq: state.latestStateReplacementSeq },
      db,
    );
    await this.accounts.setStorageUsed(userId, storedBytes, db);
  }
}

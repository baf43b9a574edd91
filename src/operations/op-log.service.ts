import { Injectable } from '@nestjs/common';
import { AccountsService } from '../auth';
import { Db } from '../database';
import { SyncDevicesService } from '../devices';
import { EventBus } from '../event-bus';
import { BatchOutcome, decideBatch, MarkerSource } from './domain/op-batch';
import { OpCandidate, toCandidate } from './domain/op-candidate';
import { isFullStateOpType } from './domain/op-kinds';
import { IncomingOp, StoredOp } from './domain/op-record';
import { entityKey, touchedEntityIds } from './domain/touched-entities';
import { mergeClocks } from './domain/vector-clock';
import { OperationsRepository } from './persistence/operations.repository';
import { FullStateMarker, SyncState, SyncStateRepository } from './persistence/sync-state.repository';
import { RequestDedupService } from './request-dedup.service';

export interface DecideArgs {
  userId: number;
  clientId: string;
  state: SyncState;
  candidates: OpCandidate[];
  existing: ReadonlyMap<string, StoredOp>;
  occupiedBeforeQuota?: ReadonlySet<string>;
  ignoreTimestamps: boolean;
}

/**
 * The steps of an upload transaction that ops and snapshot uploads share (protocol spec §4.1, §4.9):
 * take the user's lock, decide a batch from what is stored, write an accepted batch with everything
 * that must commit with it, and wipe a user's dataset. Every method runs in the caller's transaction.
 */
@Injectable()
export class OpLogService {
  constructor(
    private readonly ops: OperationsRepository,
    private readonly state: SyncStateRepository,
    private readonly accounts: AccountsService,
    private readonly devices: SyncDevicesService,
    private readonly dedup: RequestDedupService,
    private readonly events: EventBus,
  ) {}

  /** Enters the user's upload critical section (held until the transaction ends). */
  lock(userId: number, tx: Db): Promise<SyncState> {
    return this.state.lock(userId, tx);
  }

  prepare(userId: number, clientId: string, ops: readonly IncomingOp[], state: SyncState, receivedAt: number): OpCandidate[] {
    const ctx = { userId, requestClientId: clientId, receivedAt, fullStateAuthor: state.marker?.clientId ?? null };
    return ops.map((op) => toCandidate(op, ctx));
  }

  /** Stored ops (any user) carrying the candidates' ids. */
  existing(candidates: readonly OpCandidate[], tx: Db): Promise<Map<string, StoredOp>> {
    return this.ops.findByIds([...new Set(candidates.map((c) => c.record.id))], tx);
  }

  async decide(args: DecideArgs, tx: Db): Promise<BatchOutcome> {
    const entities = new Map<string, { entityType: string; entityId: string }>();
    for (const { record } of args.candidates) {
      if (isFullStateOpType(record.opType)) continue;
      for (const entityId of touchedEntityIds(record))
        entities.set(entityKey(record.entityType, entityId), { entityType: record.entityType, entityId });
    }
    const baselines = await this.ops.latestTouching(args.userId, [...entities.values()], tx);
    return decideBatch({
      candidates: args.candidates,
      requestClientId: args.clientId,
      lastSeq: args.state.lastSeq,
      fullStateAuthor: args.state.marker?.clientId ?? null,
      existing: args.existing,
      occupiedBeforeQuota: args.occupiedBeforeQuota ?? new Set(),
      baselines,
      ignoreTimestamps: args.ignoreTimestamps,
    });
  }

  /**
   * Writes what a decided (not deferred) batch changes, all in the caller's transaction: the ops
   * (one INSERT, with lastSeq and the full-state markers), the storage counter, the device row (touched
   * even when every op was rejected), and the new_ops event, which NOTIFY delivers at commit.
   */
  async commit(userId: number, clientId: string, state: SyncState, outcome: BatchOutcome, tx: Db): Promise<void> {
    if (outcome.stored.length > 0) {
      // The marker aggregates only ops stored before this batch, so it is computed first; the batch and the
      // state's advance then go in one statement.
      const marker = outcome.newMarker ? await this.markerFor(userId, state, outcome.newMarker, tx) : undefined;
      const advance = { lastSeq: outcome.lastSeq, marker, latestStateReplacementSeq: outcome.newStateReplacementSeq };
      await this.ops.insert(userId, outcome.stored, tx, this.state.advanceStatement(userId, advance));
      await this.accounts.adjustStorageUsed(
        userId,
        outcome.stored.reduce((sum, op) => sum + op.storedBytes, 0),
        tx,
      );
    }
    await this.devices.touchOnUpload(userId, clientId, tx);
    if (outcome.stored.length > 0)
      await this.events.publish({ type: 'new_ops', userId, latestSeq: outcome.lastSeq, excludeClientId: clientId }, tx);
  }

  /**
   * Erases the user's sync dataset under the lock: ops, devices, cached answers, markers, storage
   * counter; the rate-limit epoch moves on. `resetSeq` also returns lastSeq to 0 (DELETE data); a clean
   * slate keeps it so seqs stay monotonic (§4.9.3).
   */
  async wipe(userId: number, options: { resetSeq: boolean }, tx: Db): Promise<void> {
    await this.ops.deletePrefix(userId, {}, tx);
    await this.devices.forgetAll(userId, tx);
    await this.dedup.forgetUser(userId, tx);
    await this.state.clear(userId, options, tx);
    await this.accounts.setStorageUsed(userId, 0, tx);
  }

  /**
   * §4.8.3: per-client max over every op before the new marker, merged with its own unpruned clock.
   * Incremental: the previous marker already covers everything up to it, so only the ops stored since
   * are aggregated (retention may have deleted older ones by now).
   */
  private async markerFor(userId: number, state: SyncState, source: MarkerSource, tx: Db): Promise<FullStateMarker> {
    const previous = state.marker;
    const storedSince = await this.ops.maxClock(userId, previous ? previous.seq + 1 : 1, state.lastSeq, tx);
    const clock = mergeClocks(previous?.clock ?? {}, storedSince, source.batchClockBefore, source.fullClock);
    return { seq: source.op.serverSeq, clientId: source.op.clientId, clock };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ApiError } from '../common';
import { AppConfig } from '../config';
import { Db, PrismaService } from '../database';
import { EventBus } from '../event-bus';
import {
  accepted,
  assertEncrypted,
  DedupKey,
  IncomingOp,
  isFullStateOpType,
  OpHistoryService,
  OpLogService,
  OpRejectionCode,
  OpRejectionMessage,
  quotaExceeded,
  rejected,
  RequestDedupService,
  sameContent,
  StorageQuotaService,
  StoredOp,
  transactionFailureMessage,
  UPLOAD_TRANSACTION,
  UploadResult,
} from '../operations';
import { UploadSnapshotDto } from './dto/upload-snapshot.dto';
import { SnapshotsError, SYNC_IMPORT_EXISTS_EXPLANATION } from './snapshots.errors';
import { SnapshotUploadResponse, toSnapshotResponse } from './snapshots.responses';

/** actionType of every snapshot op (§3.3). */
const SNAPSHOT_ACTION_TYPE = '[SP_ALL] Load(import) all data';

/** How one snapshot request is to be handled (definitions of §3.3). */
interface SnapshotPlan {
  op: IncomingOp;
  /** isCleanSlate and not a REPAIR: the upload replaces the whole dataset. */
  cleanSlate: boolean;
  repair: boolean;
  /** A REPAIR without base sent as clean slate: stored non-destructively, unchecked, not causal. */
  legacyRepair: boolean;
  initial: boolean;
}

/** A refusal with an HTTP status (409, 413) that still lets the transaction commit what it did (auto-cleanup). */
type Decision = { result: UploadResult } | { refusal: ApiError };

/** A rejected clean-slate op: thrown to roll the wipe back, caught to answer with its result. */
class CleanSlateRejected extends Error {
  constructor(readonly result: UploadResult) {
    super('clean-slate replacement rejected');
  }
}

/** POST /api/sync/snapshot (protocol spec §3.3): a full-state op through the upload pipeline. */
@Injectable()
export class SnapshotUploadService {
  private readonly logger = new Logger(SnapshotUploadService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly dedup: RequestDedupService,
    private readonly quota: StorageQuotaService,
    private readonly opLog: OpLogService,
    private readonly history: OpHistoryService,
    private readonly events: EventBus,
  ) {}

  async upload(userId: number, dto: UploadSnapshotDto): Promise<SnapshotUploadResponse> {
    const receivedAt = Date.now();
    const plan = planOf(dto, receivedAt);
    assertEncrypted(this.config.e2eeRequired, [{ isPayloadEncrypted: dto.isPayloadEncrypted, payload: dto.state }]);
    const dedupKey = RequestDedupService.key(userId, 'snapshot', dto.requestId, () =>
      RequestDedupService.snapshotFingerprint({ ...dto }, plan.cleanSlate),
    );
    const cached = dedupKey && (await this.dedup.find<SnapshotUploadResponse>(dedupKey));
    if (cached) return cached;
    if (!plan.cleanSlate && !plan.repair) await this.quota.refuseIfFull(userId);
    if (plan.initial) {
      const earlier = await this.existingImport(userId, plan.op.id);
      if (earlier) return toSnapshotResponse(earlier);
    }
    return this.store(userId, plan, dedupKey);
  }

  /** Step 7: everything under the user's lock, in one transaction. */
  private async store(userId: number, plan: SnapshotPlan, dedupKey: DedupKey | undefined): Promise<SnapshotUploadResponse> {
    let decision: Decision;
    try {
      decision = await this.prisma.$transaction(async (tx) => {
        const decided = await this.decide(userId, plan, tx);
        if (dedupKey && 'result' in decided && cacheable(decided.result))
          await this.dedup.save(dedupKey, toSnapshotResponse(decided.result), tx);
        return decided;
      }, UPLOAD_TRANSACTION);
    } catch (error) {
      if (error instanceof CleanSlateRejected) return toSnapshotResponse(error.result);
      if (error instanceof ApiError) throw error;
      const message = transactionFailureMessage(error);
      this.logger.warn(`snapshot transaction failed (${message}): ${error instanceof Error ? error.message : String(error)}`);
      decision = { result: rejected(plan.op.id, OpRejectionCode.InternalError, message) };
    }
    if ('refusal' in decision) throw decision.refusal;
    return toSnapshotResponse(decision.result);
  }

  private async decide(userId: number, plan: SnapshotPlan, tx: Db): Promise<Decision> {
    let state = await this.opLog.lock(userId, tx);
    const [candidate] = this.opLog.prepare(userId, plan.op.clientId, [plan.op], state, plan.op.timestamp);
    const existing = await this.opLog.existing([candidate], tx);
    const stored = existing.get(plan.op.id);

    // 7a: a retried clean slate or REPAIR is recognised before anything is deleted.
    if ((plan.cleanSlate || plan.repair) && stored) {
      if (stored.userId !== userId || !isFullStateOpType(stored.opType) || !sameContent(stored, candidate, { ignoreTimestamp: true })) {
        return { result: rejected(plan.op.id, OpRejectionCode.InvalidOpId, OpRejectionMessage.idTaken) };
      }
      return { result: await this.acceptedAgain(userId, plan.op.clientId, stored, tx) };
    }
    // 7b: a causal REPAIR must include the current server state (re-checked at insert time).
    if (plan.repair && !plan.legacyRepair && plan.op.repairBaseServerSeq !== state.lastSeq) {
      return { result: rejected(plan.op.id, OpRejectionCode.RepairStale, OpRejectionMessage.repairStale) };
    }
    // 7c: the initial-import check again, now that no other upload of this user can interleave.
    if (plan.initial) {
      const earlier = await this.existingImport(userId, plan.op.id, tx);
      if (earlier) return { result: earlier };
    }
    // 7d: quota.
    if (plan.cleanSlate) {
      const usage = await this.quota.find(userId, tx);
      if (candidate.record.storedBytes > usage.quotaBytes)
        return { refusal: quotaExceeded({ usedBytes: 0, quotaBytes: usage.quotaBytes }, false) };
      await this.opLog.wipe(userId, { resetSeq: false }, tx);
      state = { ...state, marker: null, latestStateReplacementSeq: 0 };
    } else {
      const verdict = await this.quota.admit(userId, stored || candidate.rejection ? 0 : candidate.record.storedBytes, tx);
      if (!verdict.allowed) return { refusal: verdict.error };
    }
    // 7e: the normal pipeline; a clean slate stands or falls as a whole.
    const outcome = await this.opLog.decide(
      { userId, clientId: plan.op.clientId, state, candidates: [candidate], existing, ignoreTimestamps: true },
      tx,
    );
    const [result] = outcome.results;
    if (plan.cleanSlate && !result.accepted) throw new CleanSlateRejected(result);
    if (!outcome.repairStale) await this.opLog.commit(userId, plan.op.clientId, state, outcome, tx);
    // Step 8: the op is already this user's: a success for the client.
    if (!result.accepted && result.errorCode === OpRejectionCode.DuplicateOperation && stored?.userId === userId) {
      return { result: await this.acceptedAgain(userId, plan.op.clientId, stored, tx) };
    }
    return { result };
  }

  /** An idempotent acceptance (steps 7a, 8): the original seq, and the notification as for a new op. */
  private async acceptedAgain(userId: number, clientId: string, stored: StoredOp, tx: Db): Promise<UploadResult> {
    await this.events.publish({ type: 'new_ops', userId, latestSeq: stored.serverSeq, excludeClientId: clientId }, tx);
    return accepted(stored.id, stored.serverSeq);
  }

  /**
   * §3.3 step 6: a first ("initial") import is refused once any full-state op exists, unless it is
   * this very op (a retry), which answers with its seq.
   */
  private async existingImport(userId: number, opId: string, db?: Db): Promise<UploadResult | undefined> {
    const latest = await this.history.latestFullState(userId, db);
    if (!latest) return undefined;
    const same = await this.history.findById(opId, db);
    if (same && same.userId === userId && isFullStateOpType(same.opType)) return accepted(same.id, same.serverSeq);
    throw new ApiError(SnapshotsError.SyncImportExists, { message: SYNC_IMPORT_EXISTS_EXPLANATION, existingImportId: latest.id });
  }
}

/** Cached for the requestId unless transient or a duplicate (§3.3 step 10). */
function cacheable(result: UploadResult): boolean {
  return result.accepted || (result.errorCode !== OpRejectionCode.DuplicateOperation && result.errorCode !== OpRejectionCode.InternalError);
}

function planOf(dto: UploadSnapshotDto, receivedAt: number): SnapshotPlan {
  const opType = dto.snapshotOpType ?? 'SYNC_IMPORT';
  const repair = opType === 'REPAIR';
  const cleanSlate = dto.isCleanSlate === true && !repair;
  const op: IncomingOp = {
    id: dto.opId ?? uuidv7(),
    clientId: dto.clientId,
    actionType: SNAPSHOT_ACTION_TYPE,
    opType,
    entityType: 'ALL',
    payload: dto.state,
    vectorClock: dto.vectorClock,
    // Snapshot ops carry the server's time (§9.8).
    timestamp: receivedAt,
    schemaVersion: dto.schemaVersion ?? 1,
    isPayloadEncrypted: dto.isPayloadEncrypted,
    syncImportReason: dto.syncImportReason,
    repairBaseServerSeq: dto.repairBaseServerSeq,
  };
  return {
    op,
    cleanSlate,
    repair,
    legacyRepair: repair && dto.repairBaseServerSeq === undefined && dto.isCleanSlate === true,
    initial: dto.reason === 'initial' && !cleanSlate,
  };
}

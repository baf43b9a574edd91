import { Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../common';
import { AppConfig } from '../config';
import { PrismaService } from '../database';
import { SyncMetrics } from '../metrics';
import { assertEncrypted } from './domain/e2ee-gate';
import { OpCandidate } from './domain/op-candidate';
import { StoredOp } from './domain/op-record';
import { UploadOpsDto } from './http/dto/upload-ops.dto';
import { OpLogService } from './op-log.service';
import { OpRejectionCode, OpRejectionMessage } from './operations.errors';
import { rejected, UploadOpsResponse, UploadResult } from './operations.responses';
import { OpsDownloadService, Piggyback } from './ops-download.service';
import { DedupKey } from './persistence/request-dedup.repository';
import { SyncStateRepository } from './persistence/sync-state.repository';
import { transactionFailureMessage, UPLOAD_TRANSACTION } from './persistence/upload-transaction';
import { RequestDedupService } from './request-dedup.service';
import { StorageQuotaService } from './storage-quota.service';
import { UserUploadLimiter } from './user-upload-limiter';

/** How an upload transaction ended when it did not simply decide the batch. */
type StoreOutcome = { kind: 'decided'; results: UploadResult[] } | { kind: 'fenced' } | { kind: 'quota'; error: ApiError };

/** POST /api/sync/ops (protocol spec §3.1): the processing order of steps 7–15. */
@Injectable()
export class OpsUploadService {
  private readonly logger = new Logger(OpsUploadService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly limiter: UserUploadLimiter,
    private readonly dedup: RequestDedupService,
    private readonly opLog: OpLogService,
    private readonly quota: StorageQuotaService,
    private readonly download: OpsDownloadService,
    private readonly state: SyncStateRepository,
    private readonly metrics: SyncMetrics,
  ) {}

  async upload(userId: number, body: UploadOpsDto): Promise<UploadOpsResponse> {
    const receivedAt = Date.now();
    await this.limiter.consume(userId);
    assertEncrypted(this.config.e2eeRequired, body.ops);
    const dedupKey = RequestDedupService.key(userId, 'ops', body.requestId, () =>
      RequestDedupService.opsFingerprint(body.clientId, body.ops),
    );
    if (dedupKey) {
      const cached = await this.dedup.find<UploadResult[]>(dedupKey);
      const replay = cached && (await this.replay(userId, body, cached));
      if (replay) return replay;
    }

    this.metrics.batchReceived(body.ops.length);
    const outcome = await this.store(userId, body, receivedAt, dedupKey);
    if (outcome.kind === 'quota') throw outcome.error;
    const fenced = outcome.kind === 'fenced';
    const results = fenced
      ? body.ops.map((op) => rejected(op.id, OpRejectionCode.InternalError, OpRejectionMessage.fenced))
      : outcome.results;
    const acceptedCount = results.filter((result) => result.accepted).length;
    this.metrics.opsDecided(acceptedCount, results.length - acceptedCount);
    if (body.lastKnownServerSeq === undefined) return { results, latestSeq: await this.download.latestSeq(userId) };
    // A fenced client must receive the replacement even when it authored it under the same clientId.
    return withPiggyback(results, await this.download.piggyback(userId, body.lastKnownServerSeq, fenced ? undefined : body.clientId));
  }

  /**
   * Steps 10–13 in one transaction under the user's lock: the state-replacement fence, the quota gate
   * (with auto-cleanup), the per-op pipeline, the writes and the requestId cache entry. A failed
   * transaction stores nothing and reports INTERNAL_ERROR for every op (never cached).
   */
  private async store(userId: number, body: UploadOpsDto, receivedAt: number, dedupKey: DedupKey | undefined): Promise<StoreOutcome> {
    try {
      return await this.prisma.$transaction(async (tx): Promise<StoreOutcome> => {
        const state = await this.opLog.lock(userId, tx);
        if (body.lastKnownServerSeq !== undefined && body.lastKnownServerSeq < state.latestStateReplacementSeq) return { kind: 'fenced' };

        const candidates = this.opLog.prepare(userId, body.clientId, body.ops, state, receivedAt);
        let existing = await this.opLog.existing(candidates, tx);
        const verdict = await this.quota.admit(userId, additionalBytes(candidates, existing), tx);
        if (!verdict.allowed) return { kind: 'quota', error: verdict.error };
        const occupiedBeforeQuota = new Set(existing.keys());
        if (verdict.cleanedUp) existing = await this.opLog.existing(candidates, tx);

        const outcome = await this.opLog.decide(
          { userId, clientId: body.clientId, state, candidates, existing, occupiedBeforeQuota, ignoreTimestamps: false },
          tx,
        );
        if (!outcome.repairStale) await this.opLog.commit(userId, body.clientId, state, outcome, tx);
        if (dedupKey && !outcome.results.some((r) => !r.accepted && r.errorCode === OpRejectionCode.InternalError)) {
          await this.dedup.save(dedupKey, outcome.results, tx);
        }
        return { kind: 'decided', results: outcome.results };
      }, UPLOAD_TRANSACTION);
    } catch (error) {
      const message = transactionFailureMessage(error);
      this.logger.warn(`upload transaction failed (${message}): ${error instanceof Error ? error.message : String(error)}`);
      return { kind: 'decided', results: body.ops.map((op) => rejected(op.id, OpRejectionCode.InternalError, message)) };
    }
  }

  /**
   * A requestId hit (§4.4): the cached results with a fresh piggyback. Undefined means "process the
   * request normally": a state replacement the cached answer predates must not be papered over.
   */
  private async replay(userId: number, body: UploadOpsDto, cached: UploadResult[]): Promise<UploadOpsResponse | undefined> {
    if (body.lastKnownServerSeq === undefined)
      return { results: cached, latestSeq: await this.download.latestSeq(userId), deduplicated: true };
    const replacementSeq = (await this.state.find(userId))?.latestStateReplacementSeq ?? 0;
    if (replacementSeq > 0 && (body.lastKnownServerSeq < replacementSeq || cached.some((r) => predates(r, replacementSeq))))
      return undefined;
    return { ...withPiggyback(cached, await this.download.piggyback(userId, body.lastKnownServerSeq, body.clientId)), deduplicated: true };
  }
}

function withPiggyback(results: UploadResult[], piggyback: Piggyback): UploadOpsResponse {
  return {
    results,
    ...(piggyback.newOps.length > 0 ? { newOps: piggyback.newOps } : {}),
    latestSeq: piggyback.latestSeq,
    ...(piggyback.hasMorePiggyback ? { hasMorePiggyback: true as const } : {}),
  };
}

/** A success-like cached result (accepted or duplicate) without a seq, or with one before the replacement. */
function predates(result: UploadResult, replacementSeq: number): boolean {
  if (result.accepted) return result.serverSeq < replacementSeq;
  return result.errorCode === OpRejectionCode.DuplicateOperation;
}

/**
 * Bytes the quota gate charges (§4.12): valid ops, first occurrence of their id in the request, whose
 * id is not stored yet. Duplicates never count.
 */
function additionalBytes(candidates: readonly OpCandidate[], existing: ReadonlyMap<string, StoredOp>): number {
  const seen = new Set<string>();
  let bytes = 0;
  for (const { record, rejection } of candidates) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    if (!rejection && !existing.has(record.id)) bytes += record.storedBytes;
  }
  return bytes;
}

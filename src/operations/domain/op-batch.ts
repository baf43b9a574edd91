import { OpRejectionCode, OpRejectionMessage } from '../operations.errors';
import { accepted, rejected, UploadResult } from '../operations.responses';
import { OpCandidate, prunedForStorage } from './op-candidate';
import { sameContent } from './op-content';
import { isCausalFullState, isFullStateOpType, isStateReplacement, TIME_TRACKING_SYNC_ACTION } from './op-kinds';
import { StoredOp } from './op-record';
import { entityKey, touchedEntityIds } from './touched-entities';
import { compareClocks, mergeClocks, VectorClock } from './vector-clock';

/** The latest stored op touching one entity: what an incoming op's clock is compared with (§4.5). */
export interface Baseline {
  clientId: string;
  actionType: string;
  vectorClock: VectorClock;
}

export interface BatchInput {
  candidates: OpCandidate[];
  requestClientId: string;
  /** The user's lastSeq under the upload lock. */
  lastSeq: number;
  fullStateAuthor: string | null;
  /** Stored ops (any user) that carry one of the candidates' ids. */
  existing: ReadonlyMap<string, StoredOp>;
  /** Ids that were stored when the quota gate ran; they stay unstorable for this request (§4.12). */
  occupiedBeforeQuota: ReadonlySet<string>;
  /** Latest stored op per entityKey of every entity the candidates touch. */
  baselines: ReadonlyMap<string, Baseline>;
  /** Snapshot ops carry the server's time: their retries match whatever the timestamps. */
  ignoreTimestamps: boolean;
}

export interface BatchOutcome {
  /** One per candidate, in request order. */
  results: UploadResult[];
  /** Accepted ops with their seqs, ascending. Empty if the batch was deferred. */
  stored: StoredOp[];
  lastSeq: number;
  /** A causal REPAIR was stale: nothing is stored and the request must not touch the device row. */
  repairStale: boolean;
  /** The last accepted causal full-state op: the new fast-forward marker (§4.8.3). */
  newMarker?: MarkerSource;
  /** Seq of the last accepted SYNC_IMPORT / BACKUP_IMPORT (§4.9.2). */
  newStateReplacementSeq?: number;
}

/** What the new marker's clock is built from, besides the ops stored before this batch. */
export interface MarkerSource {
  op: StoredOp;
  /** The op's own sanitized, unpruned clock. */
  fullClock: VectorClock;
  /** Per-client max of the ops accepted before it in this batch. */
  batchClockBefore: VectorClock;
}

/**
 * The per-op pipeline of §4.1 over prepared candidates, decided in memory from what the caller read
 * under the user's lock: in-request duplicates, validation, stored duplicates, conflicts, REPAIR
 * causality and seq allocation. Rejections consume no seq; ops accepted earlier in the batch are
 * conflict baselines for later ones.
 */
export function decideBatch(input: BatchInput): BatchOutcome {
  const results: UploadResult[] = [];
  const stored: StoredOp[] = [];
  const firstById = new Map<string, OpCandidate>();
  const batchBaselines = new Map<string, Baseline>();
  let lastSeq = input.lastSeq;
  let author = input.fullStateAuthor;
  let repairStale = false;
  let batchClock: VectorClock = {};
  let newMarker: MarkerSource | undefined;
  let newStateReplacementSeq: number | undefined;
  const options = { ignoreTimestamp: input.ignoreTimestamps };

  for (const candidate of input.candidates) {
    const op = candidate.record;
    const first = firstById.get(op.id);
    if (first) {
      results.push(
        sameContent(first.record, candidate, options)
          ? rejected(op.id, OpRejectionCode.DuplicateOperation, OpRejectionMessage.duplicate)
          : rejected(op.id, OpRejectionCode.InvalidOpId, OpRejectionMessage.idTaken),
      );
      continue;
    }
    firstById.set(op.id, candidate);
    if (candidate.rejection) {
      results.push(rejected(op.id, candidate.rejection.errorCode, candidate.rejection.error));
      continue;
    }
    const existing = input.existing.get(op.id);
    if (!existing && input.occupiedBeforeQuota.has(op.id)) {
      results.push(rejected(op.id, OpRejectionCode.InvalidOpId, OpRejectionMessage.idOccupiedBeforeQuota));
      continue;
    }
    if (existing) {
      const retry = existing.userId === op.userId && sameContent(existing, candidate, options);
      results.push(
        retry
          ? rejected(op.id, OpRejectionCode.DuplicateOperation, OpRejectionMessage.duplicate)
          : rejected(op.id, OpRejectionCode.InvalidOpId, OpRejectionMessage.idTaken),
      );
      continue;
    }
    if (!isFullStateOpType(op.opType)) {
      const conflict = findConflict(candidate, (key) => batchBaselines.get(key) ?? input.baselines.get(key));
      if (conflict) {
        results.push(conflict);
        continue;
      }
    }
    if (op.opType === 'REPAIR' && op.repairBaseServerSeq !== null && op.repairBaseServerSeq !== lastSeq) {
      repairStale = true;
      results.push(rejected(op.id, OpRejectionCode.RepairStale, OpRejectionMessage.repairStale));
      continue;
    }
    prunedForStorage(candidate, input.requestClientId, author);
    const storedOp = { ...op, serverSeq: ++lastSeq };
    stored.push(storedOp);
    results.push(accepted(op.id, storedOp.serverSeq));
    for (const id of touchedEntityIds(storedOp)) {
      batchBaselines.set(entityKey(op.entityType, id), {
        clientId: op.clientId,
        actionType: op.actionType,
        vectorClock: storedOp.vectorClock,
      });
    }
    if (isCausalFullState(storedOp)) {
      author = op.clientId;
      newMarker = { op: storedOp, fullClock: candidate.fullClock, batchClockBefore: batchClock };
    }
    if (isStateReplacement(op.opType)) newStateReplacementSeq = storedOp.serverSeq;
    batchClock = mergeClocks(batchClock, storedOp.vectorClock);
  }

  if (!repairStale) return { results, stored, lastSeq, repairStale, newMarker, newStateReplacementSeq };
  // §4.9.4: a stale REPAIR defers the whole upload; its other ops are retried after the client catches up.
  const deferred = results.map((result) =>
    result.accepted ? rejected(result.opId, OpRejectionCode.InternalError, OpRejectionMessage.repairDeferred) : result,
  );
  return { results: deferred, stored: [], lastSeq: input.lastSeq, repairStale };
}

/** §4.5: the first touched entity whose latest stored op does not happen-before this op decides. */
function findConflict(candidate: OpCandidate, baselineOf: (key: string) => Baseline | undefined): UploadResult | null {
  const op = candidate.record;
  for (const id of touchedEntityIds(op)) {
    const baseline = baselineOf(entityKey(op.entityType, id));
    if (!baseline) continue;
    const target = `${op.entityType}:${id}`;
    switch (compareClocks(candidate.fullClock, baseline.vectorClock)) {
      case 'GREATER_THAN':
        continue;
      case 'EQUAL':
        if (baseline.clientId === op.clientId) continue;
        return rejected(
          op.id,
          OpRejectionCode.ConflictConcurrent,
          `Equal vector clocks from different clients for ${target} (client ${op.clientId} vs ${baseline.clientId})`,
          baseline.vectorClock,
        );
      case 'CONCURRENT':
        if (op.actionType === TIME_TRACKING_SYNC_ACTION && baseline.actionType === TIME_TRACKING_SYNC_ACTION) continue;
        return rejected(op.id, OpRejectionCode.ConflictConcurrent, `Concurrent modification detected for ${target}`, baseline.vectorClock);
      case 'LESS_THAN':
        return rejected(
          op.id,
          OpRejectionCode.ConflictSuperseded,
          `Superseded operation: server has newer version of ${target}`,
          baseline.vectorClock,
        );
    }
  }
  return null;
}

import { IncomingOp, OpRecord } from './op-record';
import { OpRejection, validateOp } from './op-validation';
import { FUTURE_TIMESTAMP_TOLERANCE_MS } from './protocol-limits';
import { normalizeEntityIds } from './touched-entities';
import { pruneClock, sanitizeClock, VectorClock } from './vector-clock';

/** An uploaded op prepared for the upload pipeline: its stored form, what conflicts compare, its verdict. */
export interface OpCandidate {
  /** The op as it would be stored. */
  record: OpRecord;
  /** Sanitized and unpruned: conflict detection compares this (§4.5). */
  fullClock: VectorClock;
  /** The timestamp as sent, before clamping (content equality, §4.3). */
  sentTimestamp: number;
  payload: unknown;
  /** The first failed rule of §4.2, or null. */
  rejection: OpRejection | null;
}

export interface CandidateContext {
  userId: number;
  requestClientId: string;
  receivedAt: number;
  /** clientId of the user's latest causal full-state op: protected when a clock is pruned (§4.6). */
  fullStateAuthor: string | null;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Builds the stored form leniently (also for invalid ops, which in-request duplicate checks compare) and validates. */
export function toCandidate(op: IncomingOp, ctx: CandidateContext): OpCandidate {
  const payloadText = op.payload === undefined ? 'null' : JSON.stringify(op.payload);
  const payloadBytes = Buffer.byteLength(payloadText);
  const fullClock = isPlainObject(op.vectorClock) ? sanitizeClock(op.vectorClock) : {};
  const record: OpRecord = {
    id: op.id,
    userId: ctx.userId,
    clientId: op.clientId,
    actionType: op.actionType,
    opType: op.opType,
    entityType: op.entityType,
    entityId: op.entityId ?? null,
    entityIds: normalizeEntityIds(op.entityId, op.entityIds),
    payloadText,
    isPayloadEncrypted: op.isPayloadEncrypted === true,
    vectorClock: {},
    schemaVersion: op.schemaVersion,
    timestamp: Math.min(op.timestamp, ctx.receivedAt + FUTURE_TIMESTAMP_TOLERANCE_MS),
    receivedAt: ctx.receivedAt,
    syncImportReason: op.syncImportReason ?? null,
    repairBaseServerSeq: op.repairBaseServerSeq ?? null,
    storedBytes: 0,
  };
  const candidate = {
    record,
    fullClock,
    sentTimestamp: op.timestamp,
    payload: op.payload,
    rejection: validateOp(op, ctx.requestClientId, payloadBytes),
  };
  prunedForStorage(candidate, ctx.requestClientId, ctx.fullStateAuthor);
  return candidate;
}

/** Sets the stored clock and the quota charge for the given protected ids (§4.6, §4.12). */
export function prunedForStorage(candidate: OpCandidate, uploaderId: string, fullStateAuthor: string | null): void {
  const clock = pruneClock(candidate.fullClock, [uploaderId, fullStateAuthor]);
  candidate.record.vectorClock = clock;
  candidate.record.storedBytes = Buffer.byteLength(candidate.record.payloadText) + Buffer.byteLength(JSON.stringify(clock));
}

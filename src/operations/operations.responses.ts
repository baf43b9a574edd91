import { IncomingOp, StoredOp } from './domain/op-record';
import { VectorClock } from './domain/vector-clock';

/** Wire types of POST/GET /api/sync/ops (protocol spec §2.4, §3.1, §3.2). Optional fields are omitted, never null. */

export type UploadResult =
  | { opId: string; accepted: true; serverSeq: number }
  | { opId: string; accepted: false; error: string; errorCode: string; existingClock?: VectorClock };

export interface ServerOperation {
  serverSeq: number;
  receivedAt: number;
  /** The op's upload fields as stored: sanitized, pruned clock; clamped timestamp; the flag always present. */
  op: Omit<IncomingOp, 'vectorClock' | 'isPayloadEncrypted'> & { vectorClock: VectorClock; isPayloadEncrypted: boolean };
}

export interface UploadOpsResponse {
  results: UploadResult[];
  newOps?: ServerOperation[];
  latestSeq: number;
  hasMorePiggyback?: true;
  deduplicated?: true;
}

export interface DownloadOpsResponse {
  ops: ServerOperation[];
  hasMore: boolean;
  latestSeq: number;
  gapDetected?: true;
  snapshotVectorClock?: VectorClock;
  serverTime: number;
  capabilities: { causalRepairSnapshots: true };
}

export function toServerOperation(op: StoredOp): ServerOperation {
  return {
    serverSeq: op.serverSeq,
    receivedAt: op.receivedAt,
    op: {
      id: op.id,
      clientId: op.clientId,
      actionType: op.actionType,
      opType: op.opType,
      entityType: op.entityType,
      ...(op.entityId !== null ? { entityId: op.entityId } : {}),
      ...(op.entityIds !== null ? { entityIds: op.entityIds } : {}),
      payload: JSON.parse(op.payloadText),
      vectorClock: op.vectorClock,
      timestamp: op.timestamp,
      schemaVersion: op.schemaVersion,
      isPayloadEncrypted: op.isPayloadEncrypted,
      ...(op.syncImportReason !== null ? { syncImportReason: op.syncImportReason } : {}),
      ...(op.repairBaseServerSeq !== null ? { repairBaseServerSeq: op.repairBaseServerSeq } : {}),
    },
  };
}

export const accepted = (opId: string, serverSeq: number): UploadResult => ({ opId, accepted: true, serverSeq });

export const rejected = (opId: string, errorCode: string, error: string, existingClock?: VectorClock): UploadResult => ({
  opId,
  accepted: false,
  error,
  errorCode,
  ...(existingClock ? { existingClock } : {}),
});

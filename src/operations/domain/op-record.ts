import { VectorClock } from './vector-clock';

/** An op as uploaded, after the envelope check of §2.3 (types right; semantics unchecked). */
export interface IncomingOp {
  id: string;
  clientId: string;
  actionType: string;
  opType: string;
  entityType: string;
  entityId?: string;
  entityIds?: string[];
  /** Opaque client JSON; undefined when the field was absent. */
  payload?: unknown;
  vectorClock: Record<string, unknown>;
  timestamp: number;
  schemaVersion: number;
  isPayloadEncrypted?: boolean;
  syncImportReason?: string;
  repairBaseServerSeq?: number;
}

/** An op in the form it is stored and compared in (§2.4, §4.3). */
export interface OpRecord {
  id: string;
  userId: number;
  clientId: string;
  actionType: string;
  opType: string;
  entityType: string;
  entityId: string | null;
  /** Normalised (§2.4): null when the op touches only entityId. */
  entityIds: string[] | null;
  /** JSON text of the payload. */
  payloadText: string;
  isPayloadEncrypted: boolean;
  /** Sanitized and pruned. */
  vectorClock: VectorClock;
  schemaVersion: number;
  /** Clamped client timestamp (§4.1). */
  timestamp: number;
  receivedAt: number;
  syncImportReason: string | null;
  repairBaseServerSeq: number | null;
  /** Quota charge: payload JSON bytes + stored clock JSON bytes (§4.12). */
  storedBytes: number;
}

export interface StoredOp extends OpRecord {
  serverSeq: number;
}

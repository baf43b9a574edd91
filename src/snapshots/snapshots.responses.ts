import { FullStateOpSummary, UploadResult } from '../operations';
import { ReplayedState } from './state-replay';

/** Wire types of the snapshot, restore-point and restore routes (protocol spec §3.3, §3.6, §3.7). */

export type SnapshotUploadResponse = { accepted: true; serverSeq: number } | { accepted: false; error: string; errorCode: string };

export interface RestorePoint {
  serverSeq: number;
  timestamp: number;
  type: string;
  clientId: string;
  description: string;
}

export interface RestoreResponse {
  state: ReplayedState;
  serverSeq: number;
  generatedAt: number;
}

const DESCRIPTIONS: Record<string, string> = {
  SYNC_IMPORT: 'Full sync import',
  BACKUP_IMPORT: 'Backup restore',
  REPAIR: 'Auto-repair',
};

export function toRestorePoint(op: FullStateOpSummary): RestorePoint {
  return { serverSeq: op.serverSeq, timestamp: op.timestamp, type: op.opType, clientId: op.clientId, description: DESCRIPTIONS[op.opType] };
}

export function toSnapshotResponse(result: UploadResult): SnapshotUploadResponse {
  return result.accepted
    ? { accepted: true, serverSeq: result.serverSeq }
    : { accepted: false, error: result.error, errorCode: result.errorCode };
}

import type { AccountProfile } from '../auth';
import type { SyncDeviceRecord } from '../devices';
import type { KeyVersionRow } from '../keys';
import type { ExportedSyncState, StoredOp } from '../operations';

/**
 * The account export format (opsync-api.md §11): NDJSON, one JSON object per line, each with a `type`,
 * in this order — one header, one account, one syncState, the devices, the key versions, the ops by
 * seq, one end line with the counts (an export cut short has none, and an import refuses it).
 * Everything is written as stored: ops keep their ids, seqs, clocks and payload text; keys stay wrapped.
 */
export const EXPORT_FORMAT = 'opsync-account-export';
export const EXPORT_VERSION = 1;

export interface HeaderLine {
  type: 'header';
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** Epoch ms. */
  exportedAt: number;
}
/** Informational on import: the target account keeps its own address, credentials and quota. */
export type AccountLine = { type: 'account' } & AccountProfile;
export type SyncStateLine = { type: 'syncState' } & ExportedSyncState;
export type DeviceLine = { type: 'device' } & SyncDeviceRecord;
export type KeyLine = { type: 'key' } & KeyVersionRow;
export type OpLine = { type: 'op' } & Omit<StoredOp, 'userId'>;
export interface EndLine {
  type: 'end';
  devices: number;
  keys: number;
  ops: number;
}

export type ExportLine = HeaderLine | AccountLine | SyncStateLine | DeviceLine | KeyLine | OpLine | EndLine;
export type ExportLineType = ExportLine['type'];

/** The position of each line type in an export; a line never comes before one of a lower rank. */
export const LINE_ORDER: readonly ExportLineType[] = ['header', 'account', 'syncState', 'device', 'key', 'op', 'end'];
/** The line types an export has exactly once. */
export const SINGLE_LINES: ReadonlySet<ExportLineType> = new Set(['header', 'account', 'syncState', 'end']);

export function opLine({ userId: _userId, ...op }: StoredOp): OpLine {
  return { type: 'op', ...op };
}

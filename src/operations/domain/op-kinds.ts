/** The vocabulary of SuperSync ops (protocol spec §2.2) and the predicates the server decides by. */

export const OP_TYPES = ['CRT', 'UPD', 'DEL', 'MOV', 'BATCH', 'SYNC_IMPORT', 'BACKUP_IMPORT', 'REPAIR'] as const;
export type OpType = (typeof OP_TYPES)[number];

/** Ops that carry a whole application state instead of one change. */
export const FULL_STATE_OP_TYPES = ['SYNC_IMPORT', 'BACKUP_IMPORT', 'REPAIR'] as const;
export type FullStateOpType = (typeof FULL_STATE_OP_TYPES)[number];

export const ENTITY_TYPES = [
  'TASK',
  'PROJECT',
  'TAG',
  'NOTE',
  'GLOBAL_CONFIG',
  'SIMPLE_COUNTER',
  'WORK_CONTEXT',
  'TIME_TRACKING',
  'TASK_REPEAT_CFG',
  'ISSUE_PROVIDER',
  'PLANNER',
  'MENU_TREE',
  'METRIC',
  'BOARD',
  'SECTION',
  'REMINDER',
  'PLUGIN_USER_DATA',
  'PLUGIN_METADATA',
  'MIGRATION',
  'RECOVERY',
  'ALL',
] as const;

/** Entity types that stand for "everything": their ops need no entityId. */
export const BULK_ENTITY_TYPES: readonly string[] = ['ALL', 'RECOVERY'];

export const SYNC_IMPORT_REASONS = [
  'PASSWORD_CHANGED',
  'FILE_IMPORT',
  'BACKUP_RESTORE',
  'FORCE_UPLOAD',
  'SERVER_MIGRATION',
  'REPAIR',
] as const;

/** Additive time deltas: two of these never conflict with each other (§4.5). */
export const TIME_TRACKING_SYNC_ACTION = '[TimeTracking] Sync time spent';

export function isFullStateOpType(opType: string): opType is FullStateOpType {
  return (FULL_STATE_OP_TYPES as readonly string[]).includes(opType);
}

/**
 * Causal full-state ops (§4.9.1): imports, and REPAIRs that say which server state they include.
 * They are fast-forward targets, restore points and may authorise pruning; a legacy REPAIR is none.
 */
export function isCausalFullState(op: { opType: string; repairBaseServerSeq: number | null }): boolean {
  return op.opType === 'SYNC_IMPORT' || op.opType === 'BACKUP_IMPORT' || (op.opType === 'REPAIR' && op.repairBaseServerSeq !== null);
}

/** SYNC_IMPORT and BACKUP_IMPORT replace the state; clients behind them are fenced (§4.9.2). */
export function isStateReplacement(opType: string): boolean {
  return opType === 'SYNC_IMPORT' || opType === 'BACKUP_IMPORT';
}

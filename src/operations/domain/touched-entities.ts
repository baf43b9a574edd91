/**
 * entityIds as stored (§2.4): de-duplicated; nothing (null) when that leaves no id or exactly the
 * entityId; otherwise the whole de-duplicated list.
 */
export function normalizeEntityIds(entityId: string | null | undefined, entityIds: readonly string[] | null | undefined): string[] | null {
  const unique = [...new Set(entityIds ?? [])];
  if (unique.length === 0 || (unique.length === 1 && unique[0] === entityId)) return null;
  return unique;
}

/**
 * The entities an op touches for conflict detection (§4.5): {entityId} ∪ entityIds. Legacy alias: a
 * GLOBAL_CONFIG "misc" op below schema version 2 also touches "tasks" (it used to carry those settings).
 */
export function touchedEntityIds(op: {
  entityType: string;
  entityId?: string | null;
  entityIds?: readonly string[] | null;
  schemaVersion: number;
}): string[] {
  const ids = new Set<string>();
  if (op.entityId !== undefined && op.entityId !== null) ids.add(op.entityId);
  for (const id of op.entityIds ?? []) ids.add(id);
  if (op.entityType === 'GLOBAL_CONFIG' && op.entityId === 'misc' && op.schemaVersion < 2) ids.add('tasks');
  return [...ids];
}

/** Map key of one (entityType, entityId) pair. */
export const entityKey = (entityType: string, entityId: string): string => `${entityType}\u0000${entityId}`;

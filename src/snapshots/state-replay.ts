import { isFullStateOpType, StoredOp } from '../operations';

export type ReplayedState = Record<string, Record<string, Record<string, unknown>>>;

/** Keys never used as ids or copied: they would reach prototypes instead of data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Entity types that are not entity tables of the state. */
const NON_ENTITY_TYPES = new Set(['ALL', 'RECOVERY']);

export class UnreplayableOp extends Error {}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Rebuilds a plaintext application state from ops in seq order (protocol spec §4.11): full-state ops
 * replace everything; CRT/UPD/MOV shallow-merge into `state[entityType][id]`; DEL deletes; BATCH
 * merges each `entities[id]`. Objects are built without prototypes reachable from user data.
 */
export class StateReplay {
  private state: ReplayedState = {};

  apply(op: StoredOp): void {
    const payload: unknown = JSON.parse(op.payloadText);
    if (isFullStateOpType(op.opType)) return this.replaceAll(payload);
    if (NON_ENTITY_TYPES.has(op.entityType)) return;
    switch (op.opType) {
      case 'CRT':
      case 'UPD':
        return this.merge(op.entityType, op.entityId, payload);
      case 'MOV':
        return payload ? this.merge(op.entityType, op.entityId, payload) : undefined;
      case 'DEL':
        if (!FORBIDDEN_KEYS.has(op.entityType) && Object.hasOwn(this.state, op.entityType)) {
          for (const id of op.entityIds ?? (op.entityId !== null ? [op.entityId] : [])) delete this.state[op.entityType][id];
        }
        return;
      case 'BATCH':
        if (isPlainObject(payload) && isPlainObject(payload.entities)) {
          for (const [id, changes] of Object.entries(payload.entities)) this.merge(op.entityType, id, changes);
          return;
        }
        return this.merge(op.entityType, op.entityId, payload);
    }
  }

  result(): ReplayedState {
    return this.state;
  }

  private replaceAll(payload: unknown): void {
    const source = isPlainObject(payload) && isPlainObject(payload.appDataComplete) ? payload.appDataComplete : payload;
    if (!isPlainObject(source)) throw new UnreplayableOp('full-state payload is not an object');
    this.state = {};
    for (const [key, value] of Object.entries(source)) if (!FORBIDDEN_KEYS.has(key)) defineOwn(this.state, key, value);
  }

  private merge(entityType: string, id: string | null, changes: unknown): void {
    if (id === null || FORBIDDEN_KEYS.has(id) || FORBIDDEN_KEYS.has(entityType) || !isPlainObject(changes)) return;
    if (!Object.hasOwn(this.state, entityType) || !isPlainObject(this.state[entityType])) defineOwn(this.state, entityType, {});
    const rows = this.state[entityType];
    const entity = Object.hasOwn(rows, id) && isPlainObject(rows[id]) ? rows[id] : {};
    for (const [key, value] of Object.entries(changes)) if (!FORBIDDEN_KEYS.has(key)) defineOwn(entity, key, value);
    defineOwn(rows, id, entity);
  }
}

function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

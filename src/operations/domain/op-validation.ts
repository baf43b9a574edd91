import { OpRejectionCode } from '../operations.errors';
import { BULK_ENTITY_TYPES, ENTITY_TYPES, isFullStateOpType, OP_TYPES, TIME_TRACKING_SYNC_ACTION } from './op-kinds';
import { IncomingOp } from './op-record';
import { exceedsComplexity } from './payload-complexity';
import { MAX_CLOCK_ENTRIES, MAX_ENTITY_IDS, MAX_ID_LENGTH, MAX_PAYLOAD_BYTES, PAYLOAD_COMPLEXITY } from './protocol-limits';

export interface OpRejection {
  errorCode: OpRejectionCode;
  error: string;
}

const reject = (errorCode: OpRejectionCode, error: string): OpRejection => ({ errorCode, error });
const isBlank = (value: string) => value.trim().length === 0;
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Per-op semantic validation (§4.2), checked in the spec's order; the first failure decides.
 * `payloadBytes` is the UTF-8 size of the payload's JSON encoding (computed once by the caller).
 */
export function validateOp(op: IncomingOp, requestClientId: string, payloadBytes: number): OpRejection | null {
  if (op.clientId !== requestClientId) {
    return reject(
      OpRejectionCode.InvalidClientId,
      `Operation clientId "${op.clientId}" does not match request clientId "${requestClientId}"`,
    );
  }
  if (op.id.length === 0) return reject(OpRejectionCode.InvalidOpId, 'Invalid operation ID');
  if (op.id.length > MAX_ID_LENGTH) return reject(OpRejectionCode.InvalidOpId, 'Operation ID too long');
  if (!(OP_TYPES as readonly string[]).includes(op.opType)) return reject(OpRejectionCode.InvalidOpType, 'Invalid opType');
  if (op.entityType.length === 0) return reject(OpRejectionCode.InvalidEntityType, 'Missing entityType');
  if (!(ENTITY_TYPES as readonly string[]).includes(op.entityType))
    return reject(OpRejectionCode.InvalidEntityType, `Invalid entityType: ${op.entityType}`);
  const entityProblem = entityIdProblem(op);
  if (entityProblem) return entityProblem;
  if (op.entityId === undefined && !isFullStateOpType(op.opType) && !BULK_ENTITY_TYPES.includes(op.entityType)) {
    return reject(OpRejectionCode.MissingEntityId, `Operation ${op.opType} on ${op.entityType} requires entityId`);
  }
  if (op.payload === undefined) return reject(OpRejectionCode.InvalidPayload, 'Missing payload');
  if (op.isPayloadEncrypted !== true && op.actionType === TIME_TRACKING_SYNC_ACTION && !isTaskTimePayload(op.payload, op.entityId)) {
    return reject(OpRejectionCode.InvalidPayload, 'Invalid task-time sync payload');
  }
  if (!Number.isInteger(op.schemaVersion) || op.schemaVersion < 1 || op.schemaVersion > 100) {
    return reject(OpRejectionCode.InvalidSchemaVersion, `Invalid schema version: ${op.schemaVersion}`);
  }
  if (!Number.isSafeInteger(op.timestamp)) return reject(OpRejectionCode.InvalidTimestamp, 'Invalid timestamp');
  if (!isPlainObject(op.vectorClock)) return reject(OpRejectionCode.InvalidVectorClock, 'Vector clock must be an object');
  const clockEntries = Object.keys(op.vectorClock).length;
  if (clockEntries > MAX_CLOCK_ENTRIES) {
    return reject(OpRejectionCode.InvalidVectorClock, `Vector clock has too many entries (${clockEntries}, max ${MAX_CLOCK_ENTRIES})`);
  }
  const complexity = isFullStateOpType(op.opType) ? PAYLOAD_COMPLEXITY.fullState : PAYLOAD_COMPLEXITY.regular;
  if (exceedsComplexity(op.payload, complexity)) {
    return reject(OpRejectionCode.InvalidPayload, `Payload too complex (max depth ${complexity.depth}, max keys ${complexity.nodes})`);
  }
  if (payloadBytes > MAX_PAYLOAD_BYTES) return reject(OpRejectionCode.PayloadTooLarge, 'Payload too large');
  return payloadShapeProblem(op.opType, op.payload);
}

function entityIdProblem(op: IncomingOp): OpRejection | null {
  if (op.entityId !== undefined) {
    if (op.entityId.length > MAX_ID_LENGTH) return reject(OpRejectionCode.InvalidEntityId, 'Invalid entityId format or length');
    if (isBlank(op.entityId)) return reject(OpRejectionCode.InvalidEntityId, 'entityId cannot be empty or whitespace-only');
  }
  if (op.entityIds !== undefined) {
    if (!Array.isArray(op.entityIds) || op.entityIds.length > MAX_ENTITY_IDS) {
      return reject(OpRejectionCode.InvalidEntityId, 'Invalid entityIds: not an array or too many entries');
    }
    if (op.entityIds.some((id) => typeof id !== 'string' || isBlank(id) || id.length > MAX_ID_LENGTH)) {
      return reject(OpRejectionCode.InvalidEntityId, 'Invalid entityIds element: must be a non-empty string <= 255 chars');
    }
  }
  return null;
}

/** §4.2 #17: full-state anything; DEL null, object or string; others string or non-array object. */
function payloadShapeProblem(opType: string, payload: unknown): OpRejection | null {
  if (isFullStateOpType(opType)) return null;
  if (opType === 'DEL') {
    return payload === null || typeof payload === 'object' || typeof payload === 'string'
      ? null
      : reject(OpRejectionCode.InvalidPayload, 'DEL payload must be null, an object, or an encrypted string');
  }
  if (typeof payload === 'string') return null;
  if (!isPlainObject(payload)) return reject(OpRejectionCode.InvalidPayload, `${opType} payload must be a non-null object`);
  if (opType === 'BATCH' && Object.hasOwn(payload, 'entities') && !isPlainObject(payload.entities)) {
    return reject(OpRejectionCode.InvalidPayload, 'BATCH entities must be an object keyed by ID');
  }
  return null;
}

/** Plaintext "[TimeTracking] Sync time spent": taskId = entityId, a real calendar date, duration ≥ 0 (§4.2 #11). */
function isTaskTimePayload(payload: unknown, entityId: string | undefined): boolean {
  if (!isPlainObject(payload)) return false;
  const body = isPlainObject(payload.actionPayload) ? payload.actionPayload : payload;
  const { taskId, date, duration } = body;
  return (
    taskId === entityId &&
    typeof date === 'string' &&
    isCalendarDate(date) &&
    typeof duration === 'number' &&
    Number.isFinite(duration) &&
    duration >= 0
  );
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

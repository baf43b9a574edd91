import { isClientId } from '../../domain/client-id';
import { SYNC_IMPORT_REASONS } from '../../domain/op-kinds';
import { MAX_OPS_PER_UPLOAD } from '../../domain/protocol-limits';
import { isStorableText } from '../../domain/storable-text';
import { UploadOpDto, UploadOpsDto } from './upload-ops.dto';

/**
 * The fast path of POST /api/sync/ops' envelope check (§2.3): the same rules as UploadOpsDto, written
 * out by hand, because class-validator and class-transformer cost about as much CPU per 100-op batch
 * as the whole database work. It only ever says "certainly valid": it is at least as strict as the DTO
 * (string lengths in UTF-16 units, where the DTO counts a surrogate pair as one character), and every
 * body it does not accept goes through the DTO, which decides and words the 400 exactly as before.
 * Like the DTO it drops unknown fields; unlike the DTO it copies nothing else (payloads and clocks
 * stay the objects JSON.parse made).
 */
const ENVELOPE_STRING = 4096;
const MAX_ENTITY_IDS = 2000;
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SYNC_IMPORT_REASON_SET: ReadonlySet<unknown> = new Set(SYNC_IMPORT_REASONS);

type Fields = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isEnvelopeString = (value: unknown, max = ENVELOPE_STRING): value is string => typeof value === 'string' && value.length <= max;
const isStorableString = (value: unknown, max = ENVELOPE_STRING): value is string => isEnvelopeString(value, max) && isStorableText(value);
/** IsNumber: finite numbers only (JSON has no NaN or Infinity, but a caller may pass any object). */
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isIntIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

function acceptedOp(op: unknown): UploadOpDto | undefined {
  if (!isPlainObject(op)) return undefined;
  const { id, clientId, actionType, opType, entityType, entityId, entityIds, vectorClock, timestamp, schemaVersion } = op;
  const { isPayloadEncrypted, syncImportReason, repairBaseServerSeq } = op;
  if (!isStorableString(id) || !isEnvelopeString(clientId) || !isStorableString(actionType, 255) || actionType.length === 0)
    return undefined;
  if (!isEnvelopeString(opType) || !isEnvelopeString(entityType)) return undefined;
  if (entityId !== undefined && !isStorableString(entityId)) return undefined;
  if (
    entityIds !== undefined &&
    !(Array.isArray(entityIds) && entityIds.length <= MAX_ENTITY_IDS && entityIds.every((e) => isStorableString(e)))
  )
    return undefined;
  if (!isPlainObject(vectorClock) || !isFiniteNumber(timestamp) || !isFiniteNumber(schemaVersion)) return undefined;
  if (isPayloadEncrypted !== undefined && typeof isPayloadEncrypted !== 'boolean') return undefined;
  if (syncImportReason !== undefined && !SYNC_IMPORT_REASON_SET.has(syncImportReason)) return undefined;
  if (repairBaseServerSeq !== undefined && !isIntIn(repairBaseServerSeq, 0, 2_147_483_647)) return undefined;
  const accepted: UploadOpDto = { id, clientId, actionType, opType, entityType, vectorClock, timestamp, schemaVersion };
  // Only the fields the body has: the DTO leaves absent ones absent, and downstream code tests presence.
  if (entityId !== undefined) accepted.entityId = entityId;
  if (entityIds !== undefined) accepted.entityIds = [...(entityIds as string[])];
  if (Object.hasOwn(op, 'payload')) accepted.payload = op.payload;
  if (isPayloadEncrypted !== undefined) accepted.isPayloadEncrypted = isPayloadEncrypted;
  if (syncImportReason !== undefined) accepted.syncImportReason = syncImportReason as string;
  if (repairBaseServerSeq !== undefined) accepted.repairBaseServerSeq = repairBaseServerSeq;
  return accepted;
}

/** The body as UploadOpsDto would produce it when it is certainly valid; undefined means "ask the DTO". */
export function acceptedUploadEnvelope(body: unknown): UploadOpsDto | undefined {
  if (!isPlainObject(body)) return undefined;
  const { ops, clientId, lastKnownServerSeq, requestId } = body;
  if (!Array.isArray(ops) || ops.length < 1 || ops.length > MAX_OPS_PER_UPLOAD) return undefined;
  if (typeof clientId !== 'string' || !isClientId(clientId)) return undefined;
  if (lastKnownServerSeq !== undefined && !isIntIn(lastKnownServerSeq, 0, Number.MAX_SAFE_INTEGER)) return undefined;
  if (requestId !== undefined && !(typeof requestId === 'string' && REQUEST_ID.test(requestId))) return undefined;
  const accepted: UploadOpDto[] = [];
  for (const op of ops) {
    const checked = acceptedOp(op);
    if (!checked) return undefined;
    accepted.push(checked);
  }
  const dto: UploadOpsDto = { ops: accepted, clientId };
  if (lastKnownServerSeq !== undefined) dto.lastKnownServerSeq = lastKnownServerSeq;
  if (requestId !== undefined) dto.requestId = requestId as string;
  return dto;
}

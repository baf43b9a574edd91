import { MAX_CLOCK_COUNTER } from '../operations';
import { EXPORT_FORMAT, EXPORT_VERSION, ExportLine, LINE_ORDER } from './export-lines';

/** Why a line is not a valid export line (the import answers it with the line number). */
export class InvalidLine extends Error {}

type Fields = Record<string, unknown>;

const MAX_TEXT = 255;

function text(o: Fields, key: string, max = MAX_TEXT): string {
  const value = o[key];
  if (typeof value !== 'string' || value.length > max) throw new InvalidLine(`${key} must be a string of at most ${max} characters`);
  return value;
}

function nullableText(o: Fields, key: string): string | null {
  return o[key] === null ? null : text(o, key);
}

function int(o: Fields, key: string, min = 0): number {
  const value = o[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new InvalidLine(`${key} must be an integer ≥ ${min}`);
  return value;
}

function nullableInt(o: Fields, key: string, min = 0): number | null {
  return o[key] === null ? null : int(o, key, min);
}

function bool(o: Fields, key: string): boolean {
  if (typeof o[key] !== 'boolean') throw new InvalidLine(`${key} must be a boolean`);
  return o[key];
}

function object(value: unknown, key: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidLine(`${key} must be an object`);
  return value as Fields;
}

function clock(value: unknown, key: string): Record<string, number> {
  const entries = Object.entries(object(value, key));
  for (const [id, counter] of entries) {
    if (id.length > MAX_TEXT || typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0 || counter > MAX_CLOCK_COUNTER)
      throw new InvalidLine(`${key} must map client ids to counters`);
  }
  return Object.fromEntries(entries) as Record<string, number>;
}

/** The payload is kept as the exact JSON text the client sent; downloads hand it out as JSON, so it must parse. */
function jsonText(o: Fields, key: string): string {
  const value = o[key];
  if (typeof value !== 'string') throw new InvalidLine(`${key} must be a string`);
  try {
    JSON.parse(value);
  } catch {
    throw new InvalidLine(`${key} must be JSON text`);
  }
  return value;
}

function textList(o: Fields, key: string): string[] | null {
  const value = o[key];
  if (value === null) return null;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length > MAX_TEXT))
    throw new InvalidLine(`${key} must be null or a list of strings`);
  return value as string[];
}

/**
 * One line of an export, checked field by field so that what the import writes has the types and
 * bounds of the tables (the server that exported it checked the protocol rules when it accepted it).
 */
export function parseExportLine(line: string): ExportLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new InvalidLine('not JSON');
  }
  const o = object(parsed, 'a line');
  switch (o.type) {
    case 'header':
      if (o.format !== EXPORT_FORMAT || o.version !== EXPORT_VERSION)
        throw new InvalidLine(`not an ${EXPORT_FORMAT} of version ${EXPORT_VERSION}`);
      return { type: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: int(o, 'exportedAt') };
    case 'account':
      return {
        type: 'account',
        email: text(o, 'email'),
        isVerified: bool(o, 'isVerified'),
        createdAt: int(o, 'createdAt'),
        termsAcceptedAt: nullableInt(o, 'termsAcceptedAt'),
        storageQuotaBytes: int(o, 'storageQuotaBytes'),
      };
    case 'syncState': {
      const marker = o.marker === null ? null : object(o.marker, 'marker');
      return {
        type: 'syncState',
        lastSeq: int(o, 'lastSeq'),
        marker: marker && { seq: int(marker, 'seq', 1), clientId: text(marker, 'clientId'), clock: clock(marker.clock, 'marker.clock') },
        latestStateReplacementSeq: int(o, 'latestStateReplacementSeq'),
      };
    }
    case 'device':
      return { type: 'device', clientId: text(o, 'clientId'), createdAt: int(o, 'createdAt'), lastSeenAt: int(o, 'lastSeenAt') };
    case 'key':
      return {
        type: 'key',
        keyId: text(o, 'keyId'),
        version: int(o, 'version', 1),
        encryptedKey: text(o, 'encryptedKey', 64 * 1024),
        salt: text(o, 'salt', 1024),
        nonce: text(o, 'nonce', 1024),
        algorithm: text(o, 'algorithm'),
        kdf: text(o, 'kdf'),
        createdAt: int(o, 'createdAt'),
        createdBy: nullableText(o, 'createdBy'),
      };
    case 'op':
      return {
        type: 'op',
        id: text(o, 'id'),
        serverSeq: int(o, 'serverSeq', 1),
        clientId: text(o, 'clientId'),
        actionType: text(o, 'actionType'),
        opType: text(o, 'opType'),
        entityType: text(o, 'entityType'),
        entityId: nullableText(o, 'entityId'),
        entityIds: textList(o, 'entityIds'),
        payloadText: jsonText(o, 'payloadText'),
        storedBytes: int(o, 'storedBytes'),
        vectorClock: clock(o.vectorClock, 'vectorClock'),
        schemaVersion: int(o, 'schemaVersion'),
        timestamp: int(o, 'timestamp'),
        receivedAt: int(o, 'receivedAt'),
        isPayloadEncrypted: bool(o, 'isPayloadEncrypted'),
        syncImportReason: nullableText(o, 'syncImportReason'),
        repairBaseServerSeq: nullableInt(o, 'repairBaseServerSeq', 1),
      };
    case 'end':
      return { type: 'end', devices: int(o, 'devices'), keys: int(o, 'keys'), ops: int(o, 'ops') };
    default:
      throw new InvalidLine(`type must be one of ${LINE_ORDER.join(', ')}`);
  }
}

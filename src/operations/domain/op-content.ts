import { canonicalJson } from './canonical-json';
import { OpCandidate } from './op-candidate';
import { OpRecord } from './op-record';
import { FUTURE_TIMESTAMP_TOLERANCE_MS } from './protocol-limits';

/**
 * "The same content" of §4.3: is `candidate` a retry of the op `stored`? Payloads are compared only
 * when one side is plaintext (re-encryption uses a fresh IV); the incoming clock is compared on the
 * stored clock's keys (storage pruned the rest); a stored timestamp produced by clamping matches any
 * later-or-equal sent one. Snapshot ops carry the server's time, so their timestamps are ignored.
 */
export function sameContent(stored: OpRecord, candidate: OpCandidate, options: { ignoreTimestamp: boolean }): boolean {
  const incoming = candidate.record;
  return (
    stored.userId === incoming.userId &&
    stored.clientId === incoming.clientId &&
    stored.actionType === incoming.actionType &&
    stored.opType === incoming.opType &&
    stored.entityType === incoming.entityType &&
    stored.entityId === incoming.entityId &&
    sameIdSet(stored.entityIds, incoming.entityIds) &&
    (stored.isPayloadEncrypted && incoming.isPayloadEncrypted ? true : samePayload(stored.payloadText, candidate.payload)) &&
    Object.entries(stored.vectorClock).every(([id, counter]) => candidate.fullClock[id] === counter) &&
    stored.schemaVersion === incoming.schemaVersion &&
    stored.isPayloadEncrypted === incoming.isPayloadEncrypted &&
    stored.syncImportReason === incoming.syncImportReason &&
    stored.repairBaseServerSeq === incoming.repairBaseServerSeq &&
    (options.ignoreTimestamp || sameTimestamp(stored, candidate.sentTimestamp))
  );
}

function sameIdSet(a: string[] | null, b: string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && canonicalJson([...a].sort()) === canonicalJson([...b].sort());
}

function samePayload(storedText: string, payload: unknown): boolean {
  return canonicalJson(JSON.parse(storedText)) === canonicalJson(payload ?? null);
}

function sameTimestamp(stored: OpRecord, sent: number): boolean {
  if (stored.timestamp === sent) return true;
  return stored.timestamp === stored.receivedAt + FUTURE_TIMESTAMP_TOLERANCE_MS && stored.timestamp <= sent;
}

import { decideBatch, BatchInput, Baseline } from './op-batch';
import { toCandidate } from './op-candidate';
import { IncomingOp, StoredOp } from './op-record';
import { entityKey } from './touched-entities';

const ctx = { userId: 1, requestClientId: 'A', receivedAt: 1_000_000, fullStateAuthor: null };
const op = (id: string, overrides: Partial<IncomingOp> = {}): IncomingOp => ({
  id,
  clientId: 'A',
  actionType: 'x',
  opType: 'UPD',
  entityType: 'TASK',
  entityId: 't1',
  payload: 'c2VjcmV0',
  vectorClock: { A: 1 },
  timestamp: 999_000,
  schemaVersion: 4,
  isPayloadEncrypted: true,
  ...overrides,
});
const decide = (ops: IncomingOp[], overrides: Partial<BatchInput> = {}) =>
  decideBatch({
    candidates: ops.map((o) => toCandidate(o, ctx)),
    requestClientId: 'A',
    lastSeq: 10,
    fullStateAuthor: null,
    existing: new Map(),
    occupiedBeforeQuota: new Set(),
    baselines: new Map(),
    ignoreTimestamps: false,
    ...overrides,
  });

describe('decideBatch (protocol spec §4.1, §4.3, §4.5, §4.9.4)', () => {
  it('allocates consecutive seqs to accepted ops only', () => {
    const outcome = decide([op('a'), op('b', { opType: 'XYZ' }), op('c', { entityId: 't2' })]);
    expect(outcome.results.map((r) => (r.accepted ? r.serverSeq : r.errorCode))).toEqual([11, 'INVALID_OP_TYPE', 12]);
    expect(outcome.lastSeq).toBe(12);
  });

  it('treats ops accepted earlier in the batch as conflict baselines', () => {
    const outcome = decide([op('a', { vectorClock: { A: 2 } }), op('b', { vectorClock: { A: 1 } })]);
    expect(outcome.results[1]).toMatchObject({ accepted: false, errorCode: 'CONFLICT_SUPERSEDED', existingClock: { A: 2 } });
  });

  it('matches a clamped stored timestamp to any later-or-equal sent one (§4.3)', () => {
    const future = op('a', { timestamp: ctx.receivedAt + 600_000 });
    const [stored] = decide([future]).stored;
    const retry = decide([{ ...future, timestamp: ctx.receivedAt + 900_000 }], { existing: new Map<string, StoredOp>([['a', stored]]) });
    expect(retry.results[0]).toMatchObject({ accepted: false, errorCode: 'DUPLICATE_OPERATION' });
    const earlier = decide([{ ...future, timestamp: ctx.receivedAt + 30_000 }], { existing: new Map<string, StoredOp>([['a', stored]]) });
    expect(earlier.results[0]).toMatchObject({ accepted: false, errorCode: 'INVALID_OP_ID' });
  });

  it('reports an id that vanished after the quota gate as occupied', () => {
    const outcome = decide([op('a')], { occupiedBeforeQuota: new Set(['a']) });
    expect(outcome.results[0]).toMatchObject({
      errorCode: 'INVALID_OP_ID',
      error: 'Operation ID was already occupied before quota enforcement',
    });
  });

  it('counts the legacy GLOBAL_CONFIG misc op of schema < 2 as touching tasks', () => {
    const baselines = new Map<string, Baseline>([
      [entityKey('GLOBAL_CONFIG', 'tasks'), { clientId: 'B', actionType: 'x', vectorClock: { B: 1 } }],
    ]);
    const outcome = decide([op('a', { entityType: 'GLOBAL_CONFIG', entityId: 'misc', schemaVersion: 1 })], { baselines });
    expect(outcome.results[0]).toMatchObject({
      errorCode: 'CONFLICT_CONCURRENT',
      error: 'Concurrent modification detected for GLOBAL_CONFIG:tasks',
    });
    expect(decide([op('b', { entityType: 'GLOBAL_CONFIG', entityId: 'misc', schemaVersion: 2 })], { baselines }).results[0].accepted).toBe(
      true,
    );
  });

  it('defers the whole batch behind a stale REPAIR and stores nothing', () => {
    const repair = op('r', { opType: 'REPAIR', entityType: 'ALL', entityId: undefined, repairBaseServerSeq: 9 });
    const outcome = decide([op('a'), repair, op('c', { opType: 'XYZ' })]);
    expect(outcome.repairStale).toBe(true);
    expect(outcome.stored).toEqual([]);
    expect(outcome.lastSeq).toBe(10);
    expect(outcome.results.map((r) => !r.accepted && r.errorCode)).toEqual(['INTERNAL_ERROR', 'REPAIR_STALE', 'INVALID_OP_TYPE']);
    expect(decide([op('a'), { ...repair, repairBaseServerSeq: 11 }]).results.every((r) => r.accepted)).toBe(true);
  });

  it('names the new fast-forward marker and state replacement', () => {
    const outcome = decide([
      op('a', { vectorClock: { A: 3, X: 7 } }),
      op('s', { opType: 'SYNC_IMPORT', entityType: 'ALL', entityId: undefined, vectorClock: { A: 4 } }),
    ]);
    expect(outcome.newMarker?.op.serverSeq).toBe(12);
    expect(outcome.newMarker?.batchClockBefore).toEqual({ A: 3, X: 7 });
    expect(outcome.newStateReplacementSeq).toBe(12);
  });
});

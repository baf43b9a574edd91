import { StoredOp } from '../operations';
import { StateReplay } from './state-replay';

let seq = 0;
function op(opType: string, entityType: string, entityId: string | null, payload: unknown, entityIds: string[] | null = null): StoredOp {
  seq += 1;
  return {
    id: `op-${seq}`,
    userId: 1,
    serverSeq: seq,
    clientId: 'A',
    actionType: 'x',
    opType,
    entityType,
    entityId,
    entityIds,
    payloadText: JSON.stringify(payload),
    isPayloadEncrypted: false,
    vectorClock: { A: seq },
    schemaVersion: 4,
    timestamp: 0,
    receivedAt: 0,
    syncImportReason: null,
    repairBaseServerSeq: null,
    storedBytes: 0,
  };
}

describe('StateReplay (protocol spec §4.11)', () => {
  it('creates, merges, moves, deletes and batch-merges entities', () => {
    const replay = new StateReplay();
    replay.apply(op('CRT', 'TASK', 't1', { title: 'a', done: false }));
    replay.apply(op('UPD', 'TASK', 't1', { done: true }));
    replay.apply(op('CRT', 'TASK', 't2', { title: 'b' }));
    replay.apply(op('MOV', 'TASK', 't2', { order: 3 }));
    replay.apply(op('MOV', 'TASK', 't2', null));
    replay.apply(op('BATCH', 'TAG', null, { entities: { g1: { name: 'x' }, g2: { name: 'y' } } }));
    replay.apply(op('DEL', 'TAG', 'g1', null, ['g1', 'g2']));
    replay.apply(op('UPD', 'ALL', 'whatever', { ignored: true }));
    expect(replay.result()).toEqual({ TASK: { t1: { title: 'a', done: true }, t2: { title: 'b', order: 3 } }, TAG: {} });
  });

  it('replaces everything on a full-state op, from appDataComplete or the payload itself', () => {
    const replay = new StateReplay();
    replay.apply(op('CRT', 'TASK', 't1', { title: 'a' }));
    replay.apply(op('SYNC_IMPORT', 'ALL', null, { appDataComplete: { project: { p: { id: 'p' } } } }));
    expect(replay.result()).toEqual({ project: { p: { id: 'p' } } });
    replay.apply(op('BACKUP_IMPORT', 'ALL', null, { tag: {} }));
    expect(replay.result()).toEqual({ tag: {} });
    expect(() => replay.apply(op('SYNC_IMPORT', 'ALL', null, 'not an object'))).toThrow();
  });

  it('never lets __proto__, constructor or prototype reach a prototype', () => {
    const replay = new StateReplay();
    replay.apply(op('UPD', 'TASK', '__proto__', { polluted: true }));
    replay.apply(op('UPD', 'TASK', 't1', JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}')));
    replay.apply(op('UPD', 'constructor', 't1', { polluted: true }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(replay.result()).toEqual({ TASK: { t1: { ok: 1 } } });
  });
});

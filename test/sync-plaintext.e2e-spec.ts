import { encryptedOp, plaintextOp } from './factories/sync-op.factory';
import { SyncApi, useSyncTestApp } from './helpers/sync-api';
import { UNLIMITED } from './helpers/test-config';

/** A server with E2EE_REQUIRED=false: plaintext payloads are stored, and restore by replay works (§4.10, §4.11). */
describe('plaintext sync and restore by replay (E2EE_REQUIRED=false)', () => {
  const app = useSyncTestApp({ ...UNLIMITED, E2EE_REQUIRED: 'false' });

  const result = async (api: SyncApi, op: ReturnType<typeof plaintextOp>) => (await api.upload('A', [op]).expect(200)).body.results[0];

  it('stores plaintext payloads exactly, prototype-looking keys included, and compares them on retry', async () => {
    const { api } = await app.fresh();
    const payload = JSON.parse(
      '{"title":"x","constructor":"kept","prototype":1,"__proto__":{"polluted":true},"nested":{"constructor":{"a":1}}}',
    );
    const op = plaintextOp('A', payload);
    expect(await result(api, op)).toMatchObject({ accepted: true });
    const res = await api.download({ sinceSeq: 0 }).expect(200);
    expect(JSON.parse(res.text).ops[0].op.payload).toEqual(payload);
    expect(res.text).toContain('"__proto__":{"polluted":true}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      await result(api, {
        ...op,
        payload: JSON.parse(
          '{"nested":{"constructor":{"a":1}},"__proto__":{"polluted":true},"prototype":1,"constructor":"kept","title":"x"}',
        ),
      }),
    ).toMatchObject({
      errorCode: 'DUPLICATE_OPERATION',
    });
    expect(await result(api, { ...op, payload: { title: 'y' } })).toMatchObject({ errorCode: 'INVALID_OP_ID' });
  });

  it('refuses payloads that are too complex (§4.2 #15), with relaxed limits for full-state ops', async () => {
    const { api } = await app.fresh();
    const deep = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
    expect(await result(api, plaintextOp('A', deep(21)))).toMatchObject({
      errorCode: 'INVALID_PAYLOAD',
      error: 'Payload too complex (max depth 20, max keys 20000)',
    });
    expect(await result(api, plaintextOp('A', deep(20)))).toMatchObject({ accepted: true });
    const wide = Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`k${i}`, i]));
    expect(await result(api, plaintextOp('A', wide))).toMatchObject({ error: 'Payload too complex (max depth 20, max keys 20000)' });
    const snapshot = await api.snapshot({ state: deep(49), clientId: 'A', reason: 'recovery', vectorClock: { A: 1 } }).expect(200);
    expect(snapshot.body.accepted).toBe(true);
    const tooDeep = await api.snapshot({ state: deep(51), clientId: 'A', reason: 'recovery', vectorClock: { A: 1 } }).expect(200);
    expect(tooDeep.body).toEqual({
      accepted: false,
      error: 'Payload too complex (max depth 50, max keys 500000)',
      errorCode: 'INVALID_PAYLOAD',
    });
  });

  it('checks plaintext task-time payloads and op payload shapes', async () => {
    const { api } = await app.fresh();
    const action = '[TimeTracking] Sync time spent';
    expect(
      await result(api, plaintextOp('A', { taskId: 't9', date: '2024-13-01', duration: 5 }, { actionType: action, entityId: 't9' })),
    ).toMatchObject({ error: 'Invalid task-time sync payload' });
    expect(
      await result(api, plaintextOp('A', { taskId: 't9', date: '2024-12-01', duration: 5 }, { actionType: action, entityId: 't9' })),
    ).toMatchObject({ accepted: true });
    expect(
      (await api.upload('A', [encryptedOp('A', { opType: 'UPD', payload: [1, 2], isPayloadEncrypted: false })])).body.results[0],
    ).toMatchObject({ error: 'UPD payload must be a non-null object' });
    expect(
      (await api.upload('A', [encryptedOp('A', { opType: 'DEL', payload: null, isPayloadEncrypted: false })])).body.results[0],
    ).toMatchObject({ accepted: true });
  });

  it('restores the state as of any seq by replaying from the latest full-state op at or below it', async () => {
    const { api } = await app.fresh();
    const ops = [
      plaintextOp('A', { title: 'one' }, { opType: 'CRT', entityId: 't1' }), // 1
      plaintextOp('A', { done: true }, { opType: 'UPD', entityId: 't1' }), // 2
      plaintextOp(
        'A',
        { entities: { g1: { name: 'home' }, g2: { name: 'work' } } },
        { opType: 'BATCH', entityType: 'TAG', entityId: 'g1', entityIds: ['g1', 'g2'] },
      ), // 3
      plaintextOp('A', null, { opType: 'DEL', entityType: 'TAG', entityId: 'g2' }), // 4
    ];
    await api.upload('A', ops).expect(200);
    await api
      .snapshot({
        state: { appDataComplete: { TASK: { t7: { title: 'imported' } } } },
        clientId: 'B',
        reason: 'recovery',
        vectorClock: { B: 1 },
      })
      .expect(200); // 5
    await api
      .upload('A', [plaintextOp('A', { title: 'after' }, { opType: 'CRT', entityId: 't8', vectorClock: { A: 2, B: 1 } })])
      .expect(200); // 6

    const restore = async (seq: number) => (await api.restore(seq).expect(200)).body;
    expect(await restore(2)).toMatchObject({ serverSeq: 2, state: { TASK: { t1: { title: 'one', done: true } } } });
    expect((await restore(4)).state).toEqual({ TASK: { t1: { title: 'one', done: true } }, TAG: { g1: { name: 'home' } } });
    expect((await restore(5)).state).toEqual({ TASK: { t7: { title: 'imported' } } });
    const latest = await restore(6);
    expect(latest.state).toEqual({ TASK: { t7: { title: 'imported' }, t8: { title: 'after' } } });
    expect(Math.abs(latest.generatedAt - Date.now())).toBeLessThan(60_000);
  });
});

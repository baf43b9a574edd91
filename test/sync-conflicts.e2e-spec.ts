import { ciphertext, encryptedOp, WireOp } from './factories/sync-op.factory';
import { createVerifiedUser } from './factories/user.factory';
import { syncApi, useSyncTestApp } from './helpers/sync-api';

describe('conflict detection (protocol spec §4.5, §4.6)', () => {
  const app = useSyncTestApp();

  /** A fresh user with one stored op, and a function uploading one more op and returning its result. */
  const withStored = async (stored: Partial<WireOp> & { clientId: string }) => {
    const user = await createVerifiedUser(app.t);
    const api = syncApi(app.t, user);
    await api.upload(stored.clientId, [encryptedOp(stored.clientId, { entityId: 't1', ...stored })]).expect(200);
    const next = async (clientId: string, overrides: Partial<WireOp>) =>
      (await api.upload(clientId, [encryptedOp(clientId, { entityId: 't1', ...overrides })]).expect(200)).body.results[0];
    return { api, next };
  };

  it('P-39 stored TASK:t1 {A:1}; B uploads {B:1} → CONFLICT_CONCURRENT with existingClock {A:1}', async () => {
    const { next } = await withStored({ clientId: 'A', vectorClock: { A: 1 } });
    expect(await next('B', { vectorClock: { B: 1 } })).toMatchObject({
      accepted: false,
      errorCode: 'CONFLICT_CONCURRENT',
      error: 'Concurrent modification detected for TASK:t1',
      existingClock: { A: 1 },
    });
  });

  it('P-40 same setup, B uploads {A:1,B:1} → accepted', async () => {
    const { next } = await withStored({ clientId: 'A', vectorClock: { A: 1 } });
    expect(await next('B', { vectorClock: { A: 1, B: 1 } })).toMatchObject({ accepted: true, serverSeq: 2 });
  });

  it('P-41 stored {A:2}; A uploads {A:1} → CONFLICT_SUPERSEDED with existingClock {A:2}', async () => {
    const { next } = await withStored({ clientId: 'A', vectorClock: { A: 2 } });
    expect(await next('A', { vectorClock: { A: 1 } })).toMatchObject({
      errorCode: 'CONFLICT_SUPERSEDED',
      error: 'Superseded operation: server has newer version of TASK:t1',
      existingClock: { A: 2 },
    });
  });

  it('P-42 an equal clock from another client conflicts; from the same client (new op id) it is accepted', async () => {
    const { next } = await withStored({ clientId: 'A', vectorClock: { A: 1 } });
    expect(await next('B', { vectorClock: { A: 1 } })).toMatchObject({
      errorCode: 'CONFLICT_CONCURRENT',
      error: 'Equal vector clocks from different clients for TASK:t1 (client B vs A)',
      existingClock: { A: 1 },
    });
    expect(await next('A', { vectorClock: { A: 1 } })).toMatchObject({ accepted: true });
  });

  it('P-43 conflicts are per (entityType, entityId): TASK:t2 and TAG:t1 are accepted', async () => {
    const { next } = await withStored({ clientId: 'A', vectorClock: { A: 1 } });
    expect(await next('B', { entityId: 't2', vectorClock: { B: 1 } })).toMatchObject({ accepted: true });
    expect(await next('B', { entityType: 'TAG', vectorClock: { B: 2 } })).toMatchObject({ accepted: true });
  });

  it('P-44 a stored multi-entity op with entityIds [t1,t2] makes a concurrent write to TASK:t2 conflict', async () => {
    const { next } = await withStored({ clientId: 'A', entityId: 't1', entityIds: ['t1', 't2'], opType: 'BATCH', vectorClock: { A: 1 } });
    expect(await next('B', { entityId: 't2', vectorClock: { B: 1 } })).toMatchObject({
      errorCode: 'CONFLICT_CONCURRENT',
      error: 'Concurrent modification detected for TASK:t2',
    });
    expect(await next('B', { entityId: 't3', vectorClock: { B: 1 } })).toMatchObject({ accepted: true });
  });

  it('P-45 two concurrent "[TimeTracking] Sync time spent" ops on one task are both accepted', async () => {
    const action = '[TimeTracking] Sync time spent';
    const { next } = await withStored({ clientId: 'A', actionType: action, vectorClock: { A: 1 } });
    expect(await next('B', { actionType: action, vectorClock: { B: 1 } })).toMatchObject({ accepted: true });
    expect(await next('C', { actionType: '[Task] Update Task', vectorClock: { C: 1 } })).toMatchObject({
      errorCode: 'CONFLICT_CONCURRENT',
    });
  });

  it('P-46 SYNC_IMPORT, BACKUP_IMPORT and REPAIR ops are never rejected for conflicts', async () => {
    const { next } = await withStored({ clientId: 'A', entityType: 'ALL', entityId: 'x', vectorClock: { A: 5 } });
    expect(await next('B', { opType: 'SYNC_IMPORT', entityType: 'ALL', entityId: 'x', vectorClock: { B: 1 } })).toMatchObject({
      accepted: true,
      serverSeq: 2,
    });
    expect(await next('C', { opType: 'BACKUP_IMPORT', entityType: 'ALL', entityId: 'x', vectorClock: { A: 1 } })).toMatchObject({
      accepted: true,
      serverSeq: 3,
    });
    expect(
      await next('D', { opType: 'REPAIR', entityType: 'ALL', entityId: 'x', vectorClock: { D: 1 }, repairBaseServerSeq: 3 }),
    ).toMatchObject({ accepted: true, serverSeq: 4 });
  });

  it('P-47 a dominating 21-entry clock is accepted (compared unpruned) and downloads with 20 entries including the uploader', async () => {
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, 5]));
    const { api, next } = await withStored({ clientId: 'c0', vectorClock: twenty });
    expect(await next('U', { vectorClock: { ...twenty, U: 1 } })).toMatchObject({ accepted: true, serverSeq: 2 });
    const [, op] = (await api.download({ sinceSeq: 0 })).body.ops;
    expect(Object.keys(op.op.vectorClock)).toHaveLength(20);
    expect(op.op.vectorClock.U).toBe(1);
    // Its stored clock is now the baseline: a clock lacking the pruned entry still dominates it.
    const storedKeys = Object.keys(op.op.vectorClock);
    expect(
      await next('U', { vectorClock: { ...Object.fromEntries(storedKeys.map((k) => [k, op.op.vectorClock[k]])), U: 2 } }),
    ).toMatchObject({ accepted: true });
  });

  it('older ops stay conflict baselines after a (non-clean-slate) full-state op', async () => {
    const { api, next } = await withStored({ clientId: 'A', vectorClock: { A: 3 } });
    await api
      .snapshot({ state: ciphertext(), clientId: 'B', reason: 'recovery', vectorClock: { B: 1 }, isPayloadEncrypted: true })
      .expect(200);
    expect(await next('B', { vectorClock: { B: 2 } })).toMatchObject({ errorCode: 'CONFLICT_CONCURRENT', existingClock: { A: 3 } });
    const { snapshotVectorClock } = (await api.download({ sinceSeq: 0, excludeClient: 'B' })).body;
    expect(await next('B', { vectorClock: { ...snapshotVectorClock, B: 3 } })).toMatchObject({ accepted: true });
  });
});

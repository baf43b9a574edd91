import { v7 as uuidv7 } from 'uuid';
import { ciphertext, encryptedOp, encryptedSnapshot } from './factories/sync-op.factory';
import { useSyncTestApp } from './helpers/sync-api';

type Downloaded = { serverSeq: number; op: { id: string; opType: string } };

describe('snapshots, full-state ops and restore points (protocol spec §3.3, §3.6, §3.7, §4.9)', () => {
  const app = useSyncTestApp();

  it('P-60 a clean-slate snapshot without opId answers 400', async () => {
    const { api } = await app.fresh();
    const body = encryptedSnapshot('A', { isCleanSlate: true });
    delete body.opId;
    expect((await api.snapshot(body).expect(400)).body.error).toBe('Validation failed');
    expect((await api.status()).body.latestSeq).toBe(0);
  });

  it('P-61 a first "initial" snapshot is accepted; a second with another opId answers 409 SYNC_IMPORT_EXISTS', async () => {
    const { api } = await app.fresh();
    const first = encryptedSnapshot('A', { reason: 'initial' });
    expect((await api.snapshot(first).expect(200)).body).toEqual({ accepted: true, serverSeq: 1 });
    const res = await api.snapshot(encryptedSnapshot('B', { reason: 'initial' })).expect(409);
    expect(res.body).toMatchObject({ error: 'SYNC_IMPORT_EXISTS', errorCode: 'SYNC_IMPORT_EXISTS', existingImportId: first.opId });
    expect(typeof res.body.message).toBe('string');
  });

  it('P-62 re-sending the first initial snapshot with the same opId answers 200 with the original serverSeq', async () => {
    const { api } = await app.fresh();
    const first = encryptedSnapshot('A', { reason: 'initial' });
    await api.snapshot(first).expect(200);
    await api.upload('A', [encryptedOp('A')]).expect(200);
    expect((await api.snapshot({ ...first, state: ciphertext() }).expect(200)).body).toEqual({ accepted: true, serverSeq: 1 });
    expect((await api.status()).body.latestSeq).toBe(2);
  });

  it('P-63 a "recovery" snapshot is accepted although an import exists', async () => {
    const { api } = await app.fresh();
    await api.snapshot(encryptedSnapshot('A', { reason: 'initial' })).expect(200);
    expect((await api.snapshot(encryptedSnapshot('B', { reason: 'recovery' })).expect(200)).body).toEqual({ accepted: true, serverSeq: 2 });
    expect((await api.snapshot(encryptedSnapshot('B', { reason: 'migration' })).expect(200)).body).toEqual({
      accepted: true,
      serverSeq: 3,
    });
  });

  it('P-64 a clean-slate BACKUP_IMPORT deletes all prior ops, continues the sequence, and a download from 0 returns only it', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A'), encryptedOp('A'), encryptedOp('A')]).expect(200);
    const backup = encryptedSnapshot('B', { snapshotOpType: 'BACKUP_IMPORT', isCleanSlate: true });
    expect((await api.snapshot(backup).expect(200)).body).toEqual({ accepted: true, serverSeq: 4 });
    const { body } = await api.download({ sinceSeq: 0 }).expect(200);
    expect(body.ops.map((o: Downloaded) => [o.serverSeq, o.op.id, o.op.opType])).toEqual([[4, backup.opId, 'BACKUP_IMPORT']]);
    expect(body.latestSeq).toBe(4);
    const status = (await api.status()).body;
    expect(status.storageUsedBytes).toBe((await app.t.prisma.operation.findFirstOrThrow({ where: { userId: user.id } })).storedBytes);
    expect((await api.devices()).body.devices.map((d: { clientId: string }) => d.clientId)).toEqual(['B']);
    // Clients behind it fast-forward without a gap.
    expect((await api.download({ sinceSeq: 2, excludeClient: 'A' })).body).toMatchObject({ ops: [{ serverSeq: 4 }] });
    expect((await api.download({ sinceSeq: 2, excludeClient: 'A' })).body.gapDetected).toBeUndefined();
  });

  it('P-65 a clean-slate retry with the stored opId answers the original seq and deletes nothing; other content → INVALID_OP_ID', async () => {
    const { api } = await app.fresh();
    const backup = encryptedSnapshot('B', { snapshotOpType: 'BACKUP_IMPORT', isCleanSlate: true });
    await api.snapshot(backup).expect(200);
    await api.upload('A', [encryptedOp('A'), encryptedOp('A')]).expect(200);
    expect((await api.snapshot({ ...backup, state: ciphertext() }).expect(200)).body).toEqual({ accepted: true, serverSeq: 1 });
    expect((await api.snapshot({ ...backup, vectorClock: { B: 7 } }).expect(200)).body).toEqual({
      accepted: false,
      error: 'Operation ID already belongs to a different operation',
      errorCode: 'INVALID_OP_ID',
    });
    expect((await api.download({ sinceSeq: 0 })).body.ops.map((o: Downloaded) => o.serverSeq)).toEqual([1, 2, 3]);
  });

  it('P-66 a REPAIR with a stale base answers REPAIR_STALE and stores nothing; with the current base it is a REPAIR restore point', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A'), encryptedOp('A')]).expect(200);
    const repair = (base: number) => encryptedSnapshot('A', { snapshotOpType: 'REPAIR', repairBaseServerSeq: base, isCleanSlate: true });
    expect((await api.snapshot(repair(1)).expect(200)).body).toEqual({
      accepted: false,
      error: 'REPAIR snapshot does not include current server state',
      errorCode: 'REPAIR_STALE',
    });
    expect((await api.status()).body.latestSeq).toBe(2);
    expect((await api.snapshot(repair(2)).expect(200)).body).toEqual({ accepted: true, serverSeq: 3 });
    // A REPAIR is never destructive, even sent as clean slate; downloads fast-forward to it.
    expect(await app.t.prisma.operation.count({ where: { userId: user.id } })).toBe(3);
    expect((await api.download({ sinceSeq: 0 })).body.ops.map((o: Downloaded) => o.serverSeq)).toEqual([3]);
    const points = (await api.restorePoints().expect(200)).body.restorePoints;
    expect(points).toEqual([expect.objectContaining({ serverSeq: 3, type: 'REPAIR', description: 'Auto-repair', clientId: 'A' })]);
  });

  describe('state-replacement fence', () => {
    const withImport = async () => {
      const { api } = await app.fresh();
      await api.upload('A', [encryptedOp('A')]).expect(200);
      await api.snapshot(encryptedSnapshot('A', { reason: 'recovery', snapshotOpType: 'SYNC_IMPORT' })).expect(200);
      return api;
    };

    it('P-67 after a SYNC_IMPORT at R, an upload with lastKnownServerSeq < R stores nothing and gets the import piggybacked, own author included', async () => {
      const api = await withImport();
      const op = encryptedOp('A');
      const res = await api.upload('A', [op, encryptedOp('A')], { lastKnownServerSeq: 1 }).expect(200);
      expect(res.body.results).toEqual([
        { opId: op.id, accepted: false, error: 'Download the latest full-state replacement before retrying', errorCode: 'INTERNAL_ERROR' },
        expect.objectContaining({ errorCode: 'INTERNAL_ERROR' }),
      ]);
      expect(res.body.newOps.map((o: Downloaded) => [o.serverSeq, o.op.opType])).toEqual([[2, 'SYNC_IMPORT']]);
      expect(res.body.latestSeq).toBe(2);
      expect((await api.status()).body.latestSeq).toBe(2);
    });

    it('P-68 the same upload with lastKnownServerSeq = R is processed normally', async () => {
      const api = await withImport();
      const res = await api.upload('A', [encryptedOp('A')], { lastKnownServerSeq: 2 }).expect(200);
      expect(res.body.results[0]).toMatchObject({ accepted: true, serverSeq: 3 });
      expect(res.body.newOps).toBeUndefined();
    });
  });

  it('P-69 restore points list causal full-state ops newest first with their descriptions; limit=0 answers 400', async () => {
    const { api } = await app.fresh();
    await api.snapshot(encryptedSnapshot('A', { reason: 'initial' })).expect(200);
    await api.snapshot(encryptedSnapshot('B', { snapshotOpType: 'BACKUP_IMPORT' })).expect(200);
    await api.snapshot(encryptedSnapshot('C', { snapshotOpType: 'REPAIR', repairBaseServerSeq: 2 })).expect(200);
    // A legacy REPAIR (no base) is stored but is not a restore point.
    await api.snapshot(encryptedSnapshot('C', { snapshotOpType: 'REPAIR', isCleanSlate: true })).expect(200);
    const { body } = await api.restorePoints({ limit: 30 }).expect(200);
    expect(
      body.restorePoints.map((p: { serverSeq: number; type: string; description: string }) => [p.serverSeq, p.type, p.description]),
    ).toEqual([
      [3, 'REPAIR', 'Auto-repair'],
      [2, 'BACKUP_IMPORT', 'Backup restore'],
      [1, 'SYNC_IMPORT', 'Full sync import'],
    ]);
    expect(body.restorePoints[0]).toEqual({
      serverSeq: 3,
      timestamp: expect.any(Number),
      type: 'REPAIR',
      clientId: 'C',
      description: 'Auto-repair',
    });
    for (const limit of ['0', '101', 'abc']) {
      expect((await api.restorePoints({ limit }).expect(400)).body).toMatchObject({ error: 'Invalid limit parameter (must be 1-100)' });
    }
    expect((await api.restorePoints({ limit: '1' }).expect(200)).body.restorePoints).toHaveLength(1);
  });

  it('P-70 restore/0 and restore/<lastSeq+1> answer 400', async () => {
    const { api } = await app.fresh();
    await api.upload('A', [encryptedOp('A'), encryptedOp('A')]).expect(200);
    expect((await api.restore(0).expect(400)).body).toMatchObject({ error: 'Invalid serverSeq parameter (must be a positive integer)' });
    expect((await api.restore('1.5').expect(400)).body.errorCode).toBe('INVALID_SERVER_SEQ');
    expect((await api.restore(3).expect(400)).body).toMatchObject({ error: 'Target sequence 3 exceeds latest sequence 2' });
  });

  it('P-71 restore over encrypted ops answers 400 ENCRYPTED_OPS_NOT_SUPPORTED, "encrypt" within the first 80 chars', async () => {
    const { api } = await app.fresh();
    await api.upload('A', [encryptedOp('A'), encryptedOp('A')]).expect(200);
    const res = await api.restore(2).expect(400);
    expect(res.body.errorCode).toBe('ENCRYPTED_OPS_NOT_SUPPORTED');
    expect(res.body.error.slice(0, 80)).toContain('encrypt');
    expect(res.body.error).not.toMatch(/\d/);
  });

  it('snapshot bodies: E2EE gate, envelope checks, unknown fields ignored', async () => {
    const { api } = await app.fresh();
    expect((await api.snapshot(encryptedSnapshot('A', { state: { plain: true } })).expect(400)).body.errorCode).toBe('E2EE_REQUIRED');
    expect((await api.snapshot(encryptedSnapshot('A', { isPayloadEncrypted: undefined })).expect(400)).body.errorCode).toBe(
      'E2EE_REQUIRED',
    );
    const broken: Record<string, unknown>[] = [
      { vectorClock: { A: 'x' } },
      { reason: 'because' },
      { snapshotOpType: 'UPD' },
      { opId: 'not-a-uuid' },
      { schemaVersion: 101 },
      { clientId: 'a b' },
      { state: undefined },
    ];
    for (const change of broken) {
      const res = await api.snapshot(encryptedSnapshot('A', change));
      expect([JSON.stringify(change), res.status]).toEqual([JSON.stringify(change), 400]);
    }
    expect((await api.snapshot({ ...encryptedSnapshot('A'), extra: 1 }).expect(200)).body.accepted).toBe(true);
    expect((await api.status()).body.latestSeq).toBe(1);
  });

  it('a snapshot with requestId is answered from the cache on retry; snapshot ops carry the server time', async () => {
    const { api } = await app.fresh();
    const body = encryptedSnapshot('A', { requestId: 'snapshot-v1-A-1', opId: uuidv7() });
    const before = Date.now();
    const first = await api.snapshot(body).expect(200);
    expect((await api.snapshot({ ...body, state: ciphertext() }).expect(200)).body).toEqual(first.body);
    const [stored] = (await api.download({ sinceSeq: 0 })).body.ops;
    expect(stored.op.timestamp).toBeGreaterThanOrEqual(before);
    expect(stored.op).toMatchObject({ actionType: '[SP_ALL] Load(import) all data', entityType: 'ALL', isPayloadEncrypted: true });
    expect(stored.op.entityId).toBeUndefined();
  });

  it('a snapshot whose clock has more than 50 entries is rejected in the body, not stored', async () => {
    const { api } = await app.fresh();
    const clock = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 1]));
    expect((await api.snapshot(encryptedSnapshot('A', { vectorClock: clock })).expect(200)).body).toEqual({
      accepted: false,
      error: 'Vector clock has too many entries (51, max 50)',
      errorCode: 'INVALID_VECTOR_CLOCK',
    });
    const clean = encryptedSnapshot('A', { vectorClock: clock, isCleanSlate: true, snapshotOpType: 'BACKUP_IMPORT' });
    await api.upload('A', [encryptedOp('A')]).expect(200);
    expect((await api.snapshot(clean).expect(200)).body.errorCode).toBe('INVALID_VECTOR_CLOCK');
    // The rejected clean slate was rolled back whole: the earlier op survives.
    expect((await api.download({ sinceSeq: 0 })).body.ops).toHaveLength(1);
  });
});

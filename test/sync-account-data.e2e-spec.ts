import { AuditEventType } from '../src/audit/audit-event-types';
import { OperationsModule } from '../src/operations/operations.module';
import { SyncDataService } from '../src/operations/sync-data.service';
import { ciphertext, encryptedOp, encryptedSnapshot } from './factories/sync-op.factory';
import { EventListener } from './helpers/event-listener';
import { createServiceContext } from './helpers/service-context';
import { useSyncTestApp } from './helpers/sync-api';
import { waitUntil } from './helpers/waiting';

describe('devices, status, quota, data wipe and notifications (protocol spec §3.4, §3.5, §3.8, §4.12, §4.14, §5.3)', () => {
  const app = useSyncTestApp();
  let events: EventListener;
  beforeAll(async () => {
    events = await EventListener.start(app.t.db.url);
    app.beforeClose(() => events.stop());
  });
  /** Events published for a user while `action` ran. */
  const eventsDuring = async (userId: number, action: () => Promise<unknown>) =>
    (await events.during(action)).filter((e) => e.userId === userId);

  it('P-72 an uploading client is listed with lastSeenAt ≈ now; a downloading client appears shortly after its download', async () => {
    const { api } = await app.fresh();
    await api.upload('A', [encryptedOp('A')]).expect(200);
    const devices = (await api.devices().expect(200)).body.devices;
    expect(devices).toEqual([{ clientId: 'A', lastSeenAt: expect.any(Number) }]);
    expect(Math.abs(devices[0].lastSeenAt - Date.now())).toBeLessThan(10_000);
    await api.download({ sinceSeq: 0, excludeClient: 'B' }).expect(200);
    const listed = await waitUntil(async () => {
      const clientIds: string[] = (await api.devices()).body.devices.map((d: { clientId: string }) => d.clientId);
      return clientIds.includes('B') && clientIds;
    }, 'the downloading client to be listed');
    expect(listed.sort()).toEqual(['A', 'B']);
  });

  it('devices unseen for 45 days are not listed; uploads rejected before the transaction touch no device', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A')]).expect(200);
    await app.t.prisma.syncDevice.update({
      where: { userId_clientId: { userId: user.id, clientId: 'A' } },
      data: { lastSeenAt: new Date(Date.now() - 46 * 86_400_000) },
    });
    expect((await api.devices()).body.devices).toEqual([]);
    await api.upload('C', [encryptedOp('C', { payload: 'abc=' })]).expect(400);
    expect(await app.t.prisma.syncDevice.count({ where: { userId: user.id, clientId: 'C' } })).toBe(0);
    // A request whose every op is rejected in the transaction still touches the device.
    await api.upload('D', [encryptedOp('D', { opType: 'XYZ' })]).expect(200);
    expect(await app.t.prisma.syncDevice.count({ where: { userId: user.id, clientId: 'D' } })).toBe(1);
  });

  it("P-73 status reports numbers, and storageUsedBytes grows by the accepted ops' payload + clock bytes", async () => {
    const { api } = await app.fresh();
    const before = (await api.status().expect(200)).body;
    expect(before).toEqual({ latestSeq: 0, devicesOnline: 0, storageUsedBytes: 0, storageQuotaBytes: 104_857_600 });
    const op = encryptedOp('A', { vectorClock: { A: 12 } });
    await api.upload('A', [op, encryptedOp('A', { opType: 'XYZ' })]).expect(200);
    const after = (await api.status()).body;
    expect(after).toEqual({
      latestSeq: 1,
      devicesOnline: 1,
      storageUsedBytes: Buffer.byteLength(JSON.stringify(op.payload)) + Buffer.byteLength('{"A":12}'),
      storageQuotaBytes: 104_857_600,
    });
  });

  it('P-74 with the quota exhausted and fewer than two restore points, an upload answers 413 STORAGE_QUOTA_EXCEEDED', async () => {
    const { user, api } = await app.fresh();
    await api.snapshot(encryptedSnapshot('A')).expect(200);
    await api.upload('A', [encryptedOp('A')]).expect(200);
    const used = (await api.status()).body.storageUsedBytes;
    await app.t.prisma.user.update({ where: { id: user.id }, data: { storageQuotaBytes: used + 10 } });
    const res = await api.upload('A', [encryptedOp('A')]).expect(413);
    expect(res.body).toMatchObject({
      error: 'Storage quota exceeded',
      errorCode: 'STORAGE_QUOTA_EXCEEDED',
      storageUsedBytes: used,
      storageQuotaBytes: used + 10,
      autoCleanupAttempted: true,
    });
    expect(await app.t.prisma.operation.count({ where: { userId: user.id } })).toBe(2);
    // The snapshot pre-gate refuses once the counter says full.
    await app.t.prisma.user.update({ where: { id: user.id }, data: { storageQuotaBytes: used } });
    expect((await api.snapshot(encryptedSnapshot('A')).expect(413)).body).toMatchObject({
      errorCode: 'STORAGE_QUOTA_EXCEEDED',
      autoCleanupAttempted: false,
    });
  });

  it('quota pressure deletes the oldest restore points and the ops before them (auto-cleanup), then admits the upload', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A'), encryptedOp('A')]).expect(200); // 1, 2
    await api.snapshot(encryptedSnapshot('A')).expect(200); // 3
    await api.upload('A', [encryptedOp('A')]).expect(200); // 4
    await api.snapshot(encryptedSnapshot('A')).expect(200); // 5
    await api.upload('A', [encryptedOp('A')]).expect(200); // 6
    const used = (await api.status()).body.storageUsedBytes;
    await app.t.prisma.user.update({ where: { id: user.id }, data: { storageQuotaBytes: used } });
    const res = await api.upload('A', [encryptedOp('A')], { lastKnownServerSeq: 6 }).expect(200);
    expect(res.body.results[0]).toMatchObject({ accepted: true, serverSeq: 7 });
    const remaining = await app.t.prisma.operation.findMany({
      where: { userId: user.id },
      orderBy: { serverSeq: 'asc' },
      select: { serverSeq: true, storedBytes: true },
    });
    expect(remaining.map((r) => r.serverSeq)).toEqual([4, 5, 6, 7]);
    expect((await api.status()).body.storageUsedBytes).toBe(remaining.reduce((sum, r) => sum + r.storedBytes, 0));
    expect((await api.restorePoints()).body.restorePoints.map((p: { serverSeq: number }) => p.serverSeq)).toEqual([5]);
    // A client whose cursor fell below the cleaned range fast-forwards (to 5) without a gap.
    const download = (await api.download({ sinceSeq: 2, excludeClient: 'Z' })).body;
    expect(download.ops.map((o: { serverSeq: number }) => o.serverSeq)).toEqual([5, 6, 7]);
    expect(download.gapDetected).toBeUndefined();
  });

  it('a quota failure that cleanup cannot fix reports its cleanup stats', async () => {
    const { user, api } = await app.fresh();
    await api.snapshot(encryptedSnapshot('A')).expect(200); // 1
    await api.snapshot(encryptedSnapshot('A')).expect(200); // 2
    const storedOne = (await app.t.prisma.operation.findFirstOrThrow({ where: { userId: user.id, serverSeq: 1 } })).storedBytes;
    await app.t.prisma.user.update({ where: { id: user.id }, data: { storageQuotaBytes: 10 } });
    const res = await api.upload('A', [encryptedOp('A')]).expect(413);
    expect(res.body).toMatchObject({
      autoCleanupAttempted: true,
      cleanupStats: { freedBytes: storedOne, deletedRestorePoints: 1, deletedOps: 1 },
    });
    expect(await app.t.prisma.operation.count({ where: { userId: user.id } })).toBe(1);
  });

  it('A-45 DELETE /api/sync/data erases ops, devices and state, resets lastSeq, records data_cleared, notifies nobody, and the same token keeps working', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A'), encryptedOp('A')], { requestId: 'r-del' }).expect(200);
    const events = await eventsDuring(user.id, () => api.deleteData().expect(200, { success: true }));
    expect(events).toEqual([]);
    expect((await api.status()).body).toEqual({ latestSeq: 0, devicesOnline: 0, storageUsedBytes: 0, storageQuotaBytes: 104_857_600 });
    expect((await api.devices()).body.devices).toEqual([]);
    expect(await app.t.prisma.syncRequestDedup.count({ where: { userId: user.id } })).toBe(0);
    const audit = await app.t.prisma.auditEvent.findMany({ where: { userId: user.id } });
    expect(audit.map((a) => [a.type, a.actor])).toEqual([[AuditEventType.DataCleared, 'user']]);
    expect(audit[0].ip).toMatch(/\/(24|48)$/);
    // Seqs start over; a fresh upload is op 1 again.
    expect((await api.upload('A', [encryptedOp('A')]).expect(200)).body.results[0].serverSeq).toBe(1);
  });

  it("deleteData writes the caller's own rows in its transaction: when they fail, the wipe and its audit event roll back", async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A')]).expect(200);
    const service = app.t.get(SyncDataService);
    const aborted = service.deleteData(user.id, {
      actor: 'operator',
      alsoInTransaction: () => Promise.reject(new Error('operator aborted')),
    });
    await expect(aborted).rejects.toThrow('operator aborted');
    expect((await api.status()).body.latestSeq).toBe(1);
    expect(await app.t.prisma.auditEvent.count({ where: { userId: user.id } })).toBe(0);
    await service.deleteData(user.id, { actor: 'operator' });
    expect((await api.status()).body).toMatchObject({ latestSeq: 0, storageUsedBytes: 0, devicesOnline: 0 });
    const audit = await app.t.prisma.auditEvent.findMany({ where: { userId: user.id } });
    expect(audit.map((a) => [a.type, a.actor])).toEqual([[AuditEventType.DataCleared, 'operator']]);
  });

  it('an operator script context (no HTTP) can reuse deleteData', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A')]).expect(200);
    const cli = await createServiceContext([OperationsModule], { db: app.t.db });
    try {
      await cli.get(SyncDataService).deleteData(user.id, { actor: 'operator' });
    } finally {
      await cli.close();
    }
    expect((await api.status()).body).toMatchObject({ latestSeq: 0, storageUsedBytes: 0 });
  });

  describe('new_ops notifications (published in the upload transaction, delivered at commit)', () => {
    it('an accepted upload publishes latestSeq and the uploader to exclude; dedup hits, rejections and downloads publish nothing', async () => {
      const { user, api } = await app.fresh();
      const ops = [encryptedOp('A'), encryptedOp('A')];
      expect(await eventsDuring(user.id, () => api.upload('A', ops, { requestId: 'r-n' }).expect(200))).toEqual([
        { type: 'new_ops', userId: user.id, latestSeq: 2, excludeClientId: 'A' },
      ]);
      expect(await eventsDuring(user.id, () => api.upload('A', ops, { requestId: 'r-n' }).expect(200))).toEqual([]);
      expect(await eventsDuring(user.id, () => api.upload('A', ops).expect(200))).toEqual([]);
      expect(await eventsDuring(user.id, () => api.upload('A', [encryptedOp('A', { payload: { a: 1 } })]).expect(400))).toEqual([]);
      expect(await eventsDuring(user.id, () => api.download({ sinceSeq: 0, excludeClient: 'B' }).expect(200))).toEqual([]);
    });

    it('an accepted snapshot publishes its serverSeq, also for an idempotent clean-slate retry', async () => {
      const { user, api } = await app.fresh();
      const backup = encryptedSnapshot('S', { snapshotOpType: 'BACKUP_IMPORT', isCleanSlate: true });
      expect(await eventsDuring(user.id, () => api.snapshot(backup).expect(200))).toEqual([
        { type: 'new_ops', userId: user.id, latestSeq: 1, excludeClientId: 'S' },
      ]);
      await api.upload('A', [encryptedOp('A')]).expect(200);
      expect(await eventsDuring(user.id, () => api.snapshot({ ...backup, state: ciphertext() }).expect(200))).toEqual([
        { type: 'new_ops', userId: user.id, latestSeq: 1, excludeClientId: 'S' },
      ]);
      expect(
        await eventsDuring(user.id, () =>
          api.snapshot(encryptedSnapshot('S', { snapshotOpType: 'REPAIR', repairBaseServerSeq: 0 })).expect(200),
        ),
      ).toEqual([]);
    });
  });
});

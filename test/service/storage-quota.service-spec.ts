import { StorageQuotaService } from '../../src/operations/storage-quota.service';
import { SnapshotsModule } from '../../src/snapshots/snapshots.module';
import { encryptedOp, encryptedSnapshot } from '../factories/sync-op.factory';
import { createVerifiedUser } from '../factories/user.factory';
import { createServiceContext, ServiceContext } from '../helpers/service-context';
import { refusalOf, syncServices } from '../helpers/sync-services';
import { UNLIMITED } from '../helpers/test-config';

describe('storage quota: accounting, the upload gate and auto-cleanup, on a real database (protocol spec §4.12)', () => {
  let ctx: ServiceContext;
  beforeAll(async () => {
    ctx = await createServiceContext([SnapshotsModule], { env: UNLIMITED });
  });
  afterAll(() => ctx.close());

  const fresh = async () => {
    const user = await createVerifiedUser(ctx);
    return { userId: user.id, sync: syncServices(ctx, user.id) };
  };
  const usage = (userId: number) => ctx.get(StorageQuotaService).find(userId);
  const setQuota = (userId: number, storageQuotaBytes: number) =>
    ctx.prisma.user.update({ where: { id: userId }, data: { storageQuotaBytes } });
  const stored = (userId: number) =>
    ctx.prisma.operation.findMany({ where: { userId }, orderBy: { serverSeq: 'asc' }, select: { serverSeq: true, storedBytes: true } });
  const seqsOf = async (userId: number) => (await stored(userId)).map((op) => op.serverSeq);
  const bytesOf = async (userId: number, seqs: number[]) =>
    (await stored(userId)).filter((op) => seqs.includes(op.serverSeq)).reduce((sum, op) => sum + op.storedBytes, 0);

  it('counts each stored op, and admits an upload that fills the quota exactly but not one byte more', async () => {
    const { userId, sync } = await fresh();
    await sync.upload('A', [encryptedOp('A')]);
    const [{ storedBytes: opBytes }] = await stored(userId);
    expect(await usage(userId)).toMatchObject({ usedBytes: opBytes });
    // Ops built alike have the same size: same payload length, same clock.
    await setQuota(userId, 2 * opBytes - 1);
    expect(await refusalOf(sync.upload('A', [encryptedOp('A')]))).toMatchObject({
      status: 413,
      code: 'STORAGE_QUOTA_EXCEEDED',
      storageUsedBytes: opBytes,
      storageQuotaBytes: 2 * opBytes - 1,
      autoCleanupAttempted: true,
    });
    await setQuota(userId, 2 * opBytes);
    expect((await sync.upload('A', [encryptedOp('A')])).results[0]).toMatchObject({ accepted: true, serverSeq: 2 });
    expect(await usage(userId)).toEqual({ usedBytes: 2 * opBytes, quotaBytes: 2 * opBytes });
  });

  it('charges nothing for ids already stored and charges an id repeated in one request once', async () => {
    const { userId, sync } = await fresh();
    const ops = [encryptedOp('A'), encryptedOp('A')];
    await sync.upload('A', ops);
    const { usedBytes } = await usage(userId);
    await setQuota(userId, usedBytes);
    expect((await sync.upload('A', ops)).results.map((r) => r.accepted || r.errorCode)).toEqual([
      'DUPLICATE_OPERATION',
      'DUPLICATE_OPERATION',
    ]);
    const repeated = encryptedOp('A');
    await setQuota(userId, usedBytes + usedBytes / 2);
    const res = await sync.upload('A', [repeated, repeated]);
    expect(res.results[0]).toMatchObject({ accepted: true, serverSeq: 3 });
    expect(await usage(userId)).toMatchObject({ usedBytes: usedBytes + usedBytes / 2 });
  });

  it('reconciles a drifted counter before it refuses or cleans up anything', async () => {
    const { userId, sync } = await fresh();
    await sync.upload('A', [encryptedOp('A')]);
    await sync.snapshot(encryptedSnapshot('A'));
    await sync.snapshot(encryptedSnapshot('A'));
    await ctx.prisma.user.update({ where: { id: userId }, data: { storageUsedBytes: 104_857_600 } });
    expect((await sync.upload('A', [encryptedOp('A')])).results[0]).toMatchObject({ accepted: true, serverSeq: 4 });
    expect(await seqsOf(userId)).toEqual([1, 2, 3, 4]);
    expect((await usage(userId)).usedBytes).toBe(await bytesOf(userId, [1, 2, 3, 4]));
  });

  describe('auto-cleanup under quota pressure', () => {
    /** ops 1–2, restore point 3, op 4, restore point 5, op 6, restore point 7, op 8. */
    const withThreeRestorePoints = async () => {
      const user = await fresh();
      await user.sync.upload('A', [encryptedOp('A'), encryptedOp('A')]);
      for (let point = 0; point < 3; point++) {
        await user.sync.snapshot(encryptedSnapshot('A'));
        await user.sync.upload('A', [encryptedOp('A')]);
      }
      expect(await seqsOf(user.userId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      return user;
    };

    it('deletes the oldest restore point and the ops before it, and stops as soon as the upload fits', async () => {
      const { userId, sync } = await withThreeRestorePoints();
      const { usedBytes } = await usage(userId);
      const freedByOneRound = await bytesOf(userId, [1, 2, 3]);
      // Full, and the next op is smaller than what the first round frees.
      await setQuota(userId, usedBytes);
      expect((await sync.upload('A', [encryptedOp('A')])).results[0]).toMatchObject({ accepted: true, serverSeq: 9 });
      expect(await seqsOf(userId)).toEqual([4, 5, 6, 7, 8, 9]);
      expect((await usage(userId)).usedBytes).toBe(usedBytes - freedByOneRound + (await bytesOf(userId, [9])));
    });

    it('when even that cannot make room, keeps the newest restore point, keeps the deletions and reports them', async () => {
      const { userId, sync } = await withThreeRestorePoints();
      const { usedBytes } = await usage(userId);
      const freed = await bytesOf(userId, [1, 2, 3, 4, 5]);
      await setQuota(userId, usedBytes);
      const big = encryptedOp('A', { payload: Buffer.alloc(3 * usedBytes).toString('base64') });
      expect(await refusalOf(sync.upload('A', [big]))).toMatchObject({
        status: 413,
        code: 'STORAGE_QUOTA_EXCEEDED',
        storageUsedBytes: usedBytes - freed,
        autoCleanupAttempted: true,
        cleanupStats: { freedBytes: freed, deletedRestorePoints: 2, deletedOps: 5 },
      });
      expect(await seqsOf(userId)).toEqual([6, 7, 8]);
      expect((await usage(userId)).usedBytes).toBe(usedBytes - freed);
    });
  });

  describe('snapshots', () => {
    it('the pre-gate refuses only when an exact recount agrees the quota is full', async () => {
      const { userId, sync } = await fresh();
      await sync.upload('A', [encryptedOp('A')]);
      const { usedBytes, quotaBytes } = await usage(userId);
      expect(usedBytes).toBeLessThan(quotaBytes);
      // The counter says full; the ops say otherwise.
      await ctx.prisma.user.update({ where: { id: userId }, data: { storageUsedBytes: quotaBytes } });
      expect(await sync.snapshot(encryptedSnapshot('A'))).toEqual({ accepted: true, serverSeq: 2 });
      await setQuota(userId, (await usage(userId)).usedBytes);
      expect(await refusalOf(sync.snapshot(encryptedSnapshot('A')))).toMatchObject({
        status: 413,
        code: 'STORAGE_QUOTA_EXCEEDED',
        autoCleanupAttempted: false,
      });
      expect(await seqsOf(userId)).toEqual([1, 2]);
    });

    it('a clean slate is measured alone: accepted with the quota full, refused without wiping anything when larger than the quota', async () => {
      const { userId, sync } = await fresh();
      await sync.upload('A', [encryptedOp('A'), encryptedOp('A')]);
      await setQuota(userId, (await usage(userId)).usedBytes);
      expect(await sync.snapshot(encryptedSnapshot('B', { snapshotOpType: 'BACKUP_IMPORT', isCleanSlate: true }))).toEqual({
        accepted: true,
        serverSeq: 3,
      });
      expect(await seqsOf(userId)).toEqual([3]);
      const [{ storedBytes }] = await stored(userId);
      await setQuota(userId, storedBytes - 1);
      const tooBig = encryptedSnapshot('B', { snapshotOpType: 'BACKUP_IMPORT', isCleanSlate: true });
      expect(await refusalOf(sync.snapshot(tooBig))).toMatchObject({
        status: 413,
        code: 'STORAGE_QUOTA_EXCEEDED',
        storageUsedBytes: 0,
        autoCleanupAttempted: false,
      });
      expect(await seqsOf(userId)).toEqual([3]);
    });
  });
});

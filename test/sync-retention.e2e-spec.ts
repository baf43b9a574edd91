import { Client } from 'pg';
import { AdvisoryLock } from '../src/database/locks';
import { OperationsModule } from '../src/operations/operations.module';
import { RetentionJob } from '../src/operations/retention/retention.job';
import { RetentionSchedule } from '../src/operations/retention/retention.schedule';
import { encryptedOp, encryptedSnapshot } from './factories/sync-op.factory';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { createServiceContext } from './helpers/service-context';
import { syncApi } from './helpers/sync-api';
import { createTestApp, TestApp } from './helpers/test-app';
import { UNLIMITED } from './helpers/test-config';

const DAY = 86_400_000;

describe('daily retention job (protocol spec §4.13)', () => {
  let t: TestApp;
  let other: TestApp;
  const env = { ...UNLIMITED, OLD_OPS_CLEANUP_DELETE_BATCH_SIZE: '2', OLD_OPS_CLEANUP_MAX_DELETED_PER_RUN: '3' };
  beforeAll(async () => {
    t = await createTestApp({ env });
    other = await createTestApp({ db: t.db, env });
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  const job = () => t.get(RetentionJob);
  /** ops 1–3, a SYNC_IMPORT at 4, op 5; ops below 4 received `ageDays` ago. */
  const userWithHistory = async (ageDays: number) => {
    const user = await createVerifiedUser(t);
    const api = syncApi(t, user);
    await api.upload('A', [encryptedOp('A'), encryptedOp('A'), encryptedOp('A')]).expect(200);
    await api.snapshot(encryptedSnapshot('B')).expect(200);
    await api.upload('A', [encryptedOp('A')]).expect(200);
    await age(user, 4, ageDays);
    return { user, api };
  };
  const age = (user: TestUser, belowSeq: number, days: number) =>
    t.prisma.operation.updateMany({
      where: { userId: user.id, serverSeq: { lt: belowSeq } },
      data: { receivedAt: BigInt(Date.now() - days * DAY) },
    });
  const seqs = async (user: TestUser) =>
    (await t.prisma.operation.findMany({ where: { userId: user.id }, orderBy: { serverSeq: 'asc' } })).map((o) => o.serverSeq);

  it('deletes the history below the latest causal full-state op once all of it is older than 45 days, and keeps the counter right', async () => {
    const { user, api } = await userWithHistory(46);
    const report = await job().runOnce();
    expect(report).toMatchObject({ usersPruned: 1, opsDeleted: 3 });
    expect(await seqs(user)).toEqual([4, 5]);
    const remaining = await t.prisma.operation.findMany({ where: { userId: user.id } });
    expect((await api.status()).body.storageUsedBytes).toBe(remaining.reduce((sum, o) => sum + o.storedBytes, 0));
    expect(await t.prisma.operationEntity.count({ where: { userId: user.id, serverSeq: { lt: 4 } } })).toBe(0);
    // A client far behind fast-forwards to the import without a gap.
    const download = (await api.download({ sinceSeq: 1, excludeClient: 'C' })).body;
    expect(download.ops.map((o: { serverSeq: number }) => o.serverSeq)).toEqual([4, 5]);
    expect(download.gapDetected).toBeUndefined();
    expect(await job().runOnce()).toMatchObject({ usersPruned: 0, opsDeleted: 0 });
  });

  it('prunes a prefix whole or not at all: one recent op below the boundary keeps every op', async () => {
    const { user } = await userWithHistory(46);
    await t.prisma.operation.updateMany({ where: { userId: user.id, serverSeq: 2 }, data: { receivedAt: BigInt(Date.now() - 10 * DAY) } });
    await job().runOnce();
    expect(await seqs(user)).toEqual([1, 2, 3, 4, 5]);
  });

  it('leaves users without a causal full-state op (or with it at seq 1) alone', async () => {
    const plain = await createVerifiedUser(t);
    await syncApi(t, plain)
      .upload('A', [encryptedOp('A'), encryptedOp('A')])
      .expect(200);
    await age(plain, 10, 60);
    const first = await createVerifiedUser(t);
    await syncApi(t, first).snapshot(encryptedSnapshot('A')).expect(200);
    await syncApi(t, first)
      .upload('A', [encryptedOp('A')])
      .expect(200);
    await age(first, 10, 60);
    await job().runOnce();
    expect(await seqs(plain)).toEqual([1, 2]);
    expect(await seqs(first)).toEqual([1, 2]);
  });

  it('checks its deletion budget between users only, finishing the user it started', async () => {
    const a = await userWithHistory(50);
    const b = await userWithHistory(50);
    // Budget 3, batches of 2: the first user (3 ops) exhausts it; the second waits for the next run.
    const firstRun = await job().runOnce();
    expect(firstRun).toMatchObject({ usersPruned: 1, opsDeleted: 3 });
    expect(await seqs(a.user)).toEqual([4, 5]);
    expect(await seqs(b.user)).toEqual([1, 2, 3, 4, 5]);
    await job().runOnce();
    expect(await seqs(b.user)).toEqual([4, 5]);
  });

  it('runs on one instance at a time (advisory lock) and purges stale devices and expired dedup entries', async () => {
    const { user, api } = await userWithHistory(46);
    await api.upload('A', [encryptedOp('A')], { requestId: 'old-request' }).expect(200);
    await t.prisma.syncRequestDedup.updateMany({ where: { userId: user.id }, data: { createdAt: new Date(Date.now() - 6 * 60_000) } });
    await t.prisma.syncDevice.update({
      where: { userId_clientId: { userId: user.id, clientId: 'B' } },
      data: { lastSeenAt: new Date(Date.now() - 46 * DAY) },
    });

    const holder = new Client({ connectionString: t.db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.retentionJob]);
      expect(await Promise.all([job().runOnce(), other.get(RetentionJob).runOnce()])).toEqual([null, null]);
      expect(await seqs(user)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await holder.end();
    }

    const reports = await Promise.all([job().runOnce(), other.get(RetentionJob).runOnce()]);
    expect(reports.filter((r) => r !== null).reduce((sum, r) => sum + r!.opsDeleted, 0)).toBe(3);
    expect(reports.some((r) => r !== null && r.devicesDeleted >= 1 && r.dedupEntriesDeleted >= 1)).toBe(true);
    expect(await seqs(user)).toEqual([4, 5, 6]);
    expect((await api.devices()).body.devices.map((d: { clientId: string }) => d.clientId)).toEqual(['A']);
    expect(await t.prisma.syncRequestDedup.count({ where: { userId: user.id } })).toBe(0);
  });

  it('is scheduled by the server only: an operator script context has the job but no timer', async () => {
    expect(t.get(RetentionSchedule)).toBeInstanceOf(RetentionSchedule);
    const cli = await createServiceContext([OperationsModule], { db: t.db });
    try {
      expect(cli.get(RetentionJob)).toBeInstanceOf(RetentionJob);
      expect(() => cli.get(RetentionSchedule)).toThrow();
    } finally {
      await cli.close();
    }
  });
});

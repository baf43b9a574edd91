import { EventBus } from '../src/event-bus/event-bus';
import { NEW_OPS_DEBOUNCE_MS } from '../src/events/new-ops-notifier';
import { LISTENER_APPLICATION_NAME } from '../src/events/server-events.listener';
import { encryptedOp } from './factories/sync-op.factory';
import { createVerifiedUser } from './factories/user.factory';
import { syncApi } from './helpers/sync-api';
import { SocketTestCluster } from './helpers/socket-cluster';
import { TestApp } from './helpers/test-app';
import { waitUntil } from './helpers/waiting';

describe('new_ops notifications, fanned out to every instance through LISTEN/NOTIFY (protocol spec §5.3)', () => {
  let a: TestApp;
  let b: TestApp;
  const cluster = SocketTestCluster.forTests(2, (apps) => ([a, b] = apps));

  /**
   * What the upload service does after an accepted upload: publish in its transaction, so the event
   * leaves only at commit. Lets the fan-out tests choose seqs; P-77 itself uploads for real.
   */
  const uploadCommitted = (on: TestApp, userId: number, latestSeq: number, uploader: string) =>
    on.prisma.$transaction((tx) => on.get(EventBus).publish({ type: 'new_ops', userId, latestSeq, excludeClientId: uploader }, tx));

  it('P-77 after an accepted upload by client A, client B gets {"type":"new_ops","latestSeq"} after the debounce and A gets nothing', async () => {
    const user = await createVerifiedUser(a);
    const uploader = await cluster.connect(a, user.token, 'E_uploader');
    const other = await cluster.connect(b, user.token, 'B_other');
    const before = Date.now();
    const upload = await syncApi(a, user)
      .upload('E_uploader', [encryptedOp('E_uploader'), encryptedOp('E_uploader')])
      .expect(200);
    expect(upload.body.results.every((r: { accepted: boolean }) => r.accepted)).toBe(true);
    const notification = await other.waitFor('new_ops');
    expect(Date.now() - before).toBeGreaterThanOrEqual(NEW_OPS_DEBOUNCE_MS - 1);
    expect(notification).toEqual({ type: 'new_ops', latestSeq: upload.body.latestSeq, timestamp: expect.any(Number) });
    await cluster.caughtUp([uploader, other]);
    expect(uploader.of('new_ops')).toEqual([]);
    expect(other.of('new_ops')).toHaveLength(1);
  });

  it('a socket on instance B hears new_ops for an upload committed on instance A, and one on A for an upload on B', async () => {
    const user = await createVerifiedUser(a);
    const onB = await cluster.connect(b, user.token, 'A_phone');
    const onA = await cluster.connect(a, user.token, 'E_desktop');
    await uploadCommitted(a, user.id, 11, 'E_desktop');
    expect(await onB.waitFor('new_ops')).toMatchObject({ latestSeq: 11 });
    await uploadCommitted(b, user.id, 12, 'A_phone');
    expect(await onA.waitFor('new_ops')).toMatchObject({ latestSeq: 12 });
    await cluster.caughtUp([onA, onB]);
    expect(onB.of('new_ops')).toHaveLength(1);
    expect(onA.of('new_ops')).toHaveLength(1);
  });

  it('two uploads inside 100 ms: neither uploader is told, the others get one message with the newest latestSeq, on every instance', async () => {
    const user = await createVerifiedUser(a);
    const first = await cluster.connect(a, user.token, 'E_first');
    const second = await cluster.connect(b, user.token, 'A_second');
    const watcherA = await cluster.connect(a, user.token, 'B_watcherA');
    const watcherB = await cluster.connect(b, user.token, 'I_watcherB');
    // Back to back, as two uploads of one user commit (their seqs are allocated in commit order).
    await uploadCommitted(a, user.id, 20, 'E_first');
    await uploadCommitted(b, user.id, 21, 'A_second');
    await watcherA.waitFor('new_ops');
    await watcherB.waitFor('new_ops');
    await cluster.caughtUp([watcherA, watcherB, first, second]);
    expect(watcherA.of('new_ops')).toEqual([{ type: 'new_ops', latestSeq: 21, timestamp: expect.any(Number) }]);
    expect(watcherB.of('new_ops')).toEqual([{ type: 'new_ops', latestSeq: 21, timestamp: expect.any(Number) }]);
    expect(first.of('new_ops')).toEqual([]);
    expect(second.of('new_ops')).toEqual([]);
  });

  it('tells nobody about an upload whose transaction rolls back, and nobody of another user', async () => {
    const user = await createVerifiedUser(a);
    const stranger = await createVerifiedUser(a);
    const mine = await cluster.connect(a, user.token, 'E_mine');
    const theirs = await cluster.connect(b, stranger.token, 'E_theirs');
    await expect(
      a.prisma.$transaction(async (tx) => {
        await a.get(EventBus).publish({ type: 'new_ops', userId: user.id, latestSeq: 30, excludeClientId: 'X_gone' }, tx);
        throw new Error('upload failed');
      }),
    ).rejects.toThrow('upload failed');
    await uploadCommitted(a, user.id, 31, 'X_other');
    expect(await mine.waitFor('new_ops')).toMatchObject({ latestSeq: 31 });
    await cluster.caughtUp([mine, theirs]);
    expect(mine.of('new_ops')).toHaveLength(1);
    expect(theirs.of('new_ops')).toEqual([]);
  });

  it('one socket per sync client across instances: a clientId connecting on B replaces its socket on A with 4009, and back', async () => {
    const user = await createVerifiedUser(a);
    const onA = await cluster.connect(a, user.token, 'E_roaming');
    const onB = await cluster.connect(b, user.token, 'E_roaming');
    expect(await onA.waitForClose()).toEqual({ code: 4009, reason: 'Replaced by newer connection' });
    await cluster.caughtUp([onB]);
    expect(onB.closeEvent).toBeUndefined();
    // Instance A has no incumbent any more, so no reconnect cooldown applies there.
    const backOnA = await cluster.connect(a, user.token, 'E_roaming');
    expect(await onB.waitForClose()).toMatchObject({ code: 4009 });
    await cluster.caughtUp([backOnA]);
    expect(backOnA.closeEvent).toBeUndefined();
  });

  describe('when the listening connection drops', () => {
    const listeners = async () =>
      Number(
        (
          await a.prisma.$queryRaw<
            { n: bigint }[]
          >`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`
        )[0].n,
      );
    const cutListeners = () =>
      a.prisma
        .$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${LISTENER_APPLICATION_NAME} AND datname = current_database()`;

    it('listens again and delivers later events', async () => {
      expect(await listeners()).toBe(2);
      await cutListeners();
      await waitUntil(async () => (await listeners()) === 2, 'both instances to listen again');
      const user = await createVerifiedUser(a);
      const onB = await cluster.connect(b, user.token, 'E_afterCut');
      await uploadCommitted(a, user.id, 40, 'X_uploader');
      expect(await onB.waitFor('new_ops')).toMatchObject({ latestSeq: 40 });
    });

    it('closes, once listening again, the sockets whose token was revoked while it could not hear the close order', async () => {
      const user = await createVerifiedUser(a);
      const kept = await createVerifiedUser(a);
      // The re-check goes through the sockets in the order they connected: once the revoked one
      // (connected last) is closed, the kept one has been checked.
      const keptSocket = await cluster.connect(b, kept.token, 'E_keptMeanwhile');
      const revokedSocket = await cluster.connect(b, user.token, 'E_revokedMeanwhile');
      // A revocation that published nothing (as if its close order fell into the gap).
      await a.prisma.user.update({ where: { id: user.id }, data: { tokenVersion: { increment: 1 } } });
      await cutListeners();
      expect(await revokedSocket.waitForClose()).toEqual({ code: 4003, reason: 'Invalid token' });
      await waitUntil(async () => (await listeners()) === 2, 'both instances to listen again');
      await keptSocket.roundTrip();
      expect(keptSocket.closeEvent).toBeUndefined();
    });
  });
});

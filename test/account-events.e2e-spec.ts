import { EVENT_RETENTION_MS } from '../src/account-events';
import { RetentionJob } from '../src/operations/retention/retention.job';
import { createVerifiedUser, signInAgain, TestUser } from './factories/user.factory';
import { keysApi, keyVersionBody } from './helpers/keys-api';
import { TestApp, useTwinApps } from './helpers/test-app';

describe('event feed: GET /api/events (opsync-api.md §7)', () => {
  let t: TestApp;
  /** A second instance on the same database: events written through both share one id sequence per account. */
  let twin: TestApp;
  useTwinApps((apps) => ({ t, twin } = apps));

  const eventsOf = (user: TestUser, query: Record<string, string | number> = {}) =>
    t.http().get('/api/events').set('Authorization', `Bearer ${user.token}`).query(query);
  /**
   * Stores versions 1..n of `keyId` from another device of the account (its own session: a session's
   * feed leaves out its own changes): one key_rotated event each.
   */
  const rotate = async (app: TestApp, user: TestUser, keyId: string, versions: number) => {
    const device = await signInAgain(t, user);
    for (let version = 1; version <= versions; version++) await keysApi(app, device).put(keyId, keyVersionBody(version)).expect(201);
  };

  it('a new account has no events: latestId 0, nothing more, no gap', async () => {
    const user = await createVerifiedUser(t);
    expect((await eventsOf(user).expect(200)).body).toEqual({ events: [], latestId: 0, hasMore: false, gapDetected: false });
  });

  it('storing a key version is a key_rotated event with keyId and version; a refused one records none', async () => {
    const user = await createVerifiedUser(t);
    const before = Date.now();
    await rotate(t, user, 'master', 2);
    await keysApi(t, await signInAgain(t, user))
      .put('master', keyVersionBody(2))
      .expect(409);
    const { body } = await eventsOf(user).expect(200);
    expect(body).toEqual({
      events: [
        { id: 1, type: 'key_rotated', keyId: 'master', version: 1, at: expect.any(Number) },
        { id: 2, type: 'key_rotated', keyId: 'master', version: 2, at: expect.any(Number) },
      ],
      latestId: 2,
      hasMore: false,
      gapDetected: false,
    });
    expect(body.events[0].at).toBeGreaterThanOrEqual(before);
    expect(body.events[1].at).toBeLessThanOrEqual(Date.now());
  });

  it("a session's own changes are left out of its feed; the account's other sessions see them", async () => {
    const user = await createVerifiedUser(t);
    const laptop = await signInAgain(t, user);
    await keysApi(t, user).put('mine', keyVersionBody(1)).expect(201);
    expect((await eventsOf(user).expect(200)).body).toEqual({ events: [], latestId: 1, hasMore: false, gapDetected: false });
    expect((await eventsOf(laptop).expect(200)).body.events).toEqual([expect.objectContaining({ id: 1, keyId: 'mine' })]);
  });

  it('pages ascending by after and limit, with hasMore; each account sees only its own events', async () => {
    const user = await createVerifiedUser(t);
    const other = await createVerifiedUser(t);
    await rotate(t, user, 'k', 5);
    await rotate(t, other, 'theirs', 1);
    const first = (await eventsOf(user, { limit: 2 }).expect(200)).body;
    expect(first.events.map((e: { id: number }) => e.id)).toEqual([1, 2]);
    expect(first).toMatchObject({ latestId: 5, hasMore: true, gapDetected: false });
    const second = (await eventsOf(user, { after: 2, limit: 2 }).expect(200)).body;
    expect(second.events.map((e: { version: number }) => e.version)).toEqual([3, 4]);
    expect(second.hasMore).toBe(true);
    const last = (await eventsOf(user, { after: 4, limit: 2 }).expect(200)).body;
    expect(last.events.map((e: { id: number }) => e.id)).toEqual([5]);
    expect(last.hasMore).toBe(false);
    expect((await eventsOf(user, { after: 5 }).expect(200)).body).toEqual({ events: [], latestId: 5, hasMore: false, gapDetected: false });
    expect((await eventsOf(other).expect(200)).body.events).toEqual([expect.objectContaining({ id: 1, keyId: 'theirs' })]);
  });

  it('concurrent changes through two instances get the ids 1..n of their account, no gap, no duplicate', async () => {
    const user = await createVerifiedUser(t);
    const writer = await signInAgain(t, user);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        keysApi(i % 2 ? twin : t, writer)
          .put(`key-${i}`, keyVersionBody(1))
          .expect(201),
      ),
    );
    const { body } = await eventsOf(user).expect(200);
    expect(body.events.map((e: { id: number }) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(body.events.map((e: { keyId: string }) => e.keyId)).size).toBe(8);
  });

  it('O-27 the retention job drops events older than 30 days; after= older than what is kept → gapDetected: true', async () => {
    const user = await createVerifiedUser(t);
    await rotate(t, user, 'k', 4);
    const now = Date.now();
    // Events 1 and 2 are 31 days old.
    await t.prisma.accountEvent.updateMany({
      where: { userId: user.id, id: { lte: 2 } },
      data: { at: BigInt(now - EVENT_RETENTION_MS - 86_400_000) },
    });
    const report = await t.get(RetentionJob).runOnce(now);
    expect(report?.eventsDeleted).toBeGreaterThanOrEqual(2);
    expect(await t.prisma.accountEvent.count({ where: { userId: user.id } })).toBe(2);

    for (const after of [0, 1]) {
      const { body } = await eventsOf(user, { after }).expect(200);
      expect(body).toMatchObject({ latestId: 4, gapDetected: true });
      expect(body.events.map((e: { id: number }) => e.id)).toEqual([3, 4]);
    }
    expect((await eventsOf(user, { after: 2 }).expect(200)).body).toMatchObject({ gapDetected: false, latestId: 4 });

    // Everything pruned: a device that saw only event 3 missed event 4.
    await t.prisma.accountEvent.updateMany({ where: { userId: user.id }, data: { at: BigInt(now - EVENT_RETENTION_MS - 1) } });
    await t.get(RetentionJob).runOnce(now);
    expect((await eventsOf(user, { after: 3 }).expect(200)).body).toEqual({ events: [], latestId: 4, hasMore: false, gapDetected: true });
    expect((await eventsOf(user, { after: 4 }).expect(200)).body.gapDetected).toBe(false);
  });

  it('deleting the account deletes its events and its counter', async () => {
    const user = await createVerifiedUser(t);
    await rotate(t, user, 'k', 1);
    await t.http().delete('/api/account').set('Authorization', `Bearer ${user.token}`).expect(200);
    expect(await t.prisma.accountEvent.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.prisma.accountEventCounter.count({ where: { userId: user.id } })).toBe(0);
  });

  it('bad queries answer 400 VALIDATION_FAILED, never 500; no token → 401', async () => {
    const user = await createVerifiedUser(t);
    for (const query of [
      'after=-1',
      'after=abc',
      'after=1.5',
      'after=01',
      'after=9223372036854775808',
      'after=1&after=2',
      'limit=0',
      'limit=501',
      'limit=x',
      'other=1',
    ]) {
      const res = await t.http().get(`/api/events?${query}`).set('Authorization', `Bearer ${user.token}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.errorCode).toBe('VALIDATION_FAILED');
    }
    await t.http().get('/api/events?after=9223372036854775807&limit=500').set('Authorization', `Bearer ${user.token}`).expect(200);
    await t.http().get('/api/events').expect(401);
  });
});

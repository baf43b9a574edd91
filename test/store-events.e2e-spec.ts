import { createVerifiedUser, signInAgain, TestUser } from './factories/user.factory';
import { entryBody, logsApi } from './helpers/logs-api';
import { blobData, storesApi } from './helpers/stores-api';
import { TestApp, useTwinApps } from './helpers/test-app';

describe('store changes in the members event feeds (opsync-api.md §3, §5, §7)', () => {
  let t: TestApp;
  let twin: TestApp;
  useTwinApps((apps) => ({ t, twin } = apps));

  const otherDevice = (user: TestUser) => signInAgain(t, user);
  /** The feed as `user`'s session sees it, through either instance. */
  const feed = async (app: TestApp, user: TestUser) =>
    (await app.http().get('/api/events').set('Authorization', `Bearer ${user.token}`).expect(200)).body.events as Record<string, unknown>[];
  /** A blob store of `owner` shared with `member` (WRITE). */
  const sharedStore = async (owner: TestUser, member: TestUser): Promise<{ id: string; token: string }> => {
    const created = await storesApi(t, owner).create({ kind: 'blob', data: blobData() }).expect(201);
    await storesApi(t, owner).share(created.body.id, { email: member.email, permission: 'WRITE' }).expect(200);
    return created.body;
  };

  it('a write to a shared store is data_updated for the other members and the writer’s other devices, on every instance, never for the writing session', async () => {
    const owner = await createVerifiedUser(t);
    const member = await createVerifiedUser(t);
    const ownerLaptop = await otherDevice(owner);
    const store = await sharedStore(owner, member);
    const written = await storesApi(twin, owner).put(store.id, { data: blobData(), token: store.token }).expect(200);
    const dataUpdated = (events: Record<string, unknown>[]) => events.filter((e) => e.type === 'data_updated');

    for (const app of [t, twin]) {
      expect(dataUpdated(await feed(app, member))).toEqual([expect.objectContaining({ storeId: store.id, version: written.body.version })]);
      expect(dataUpdated(await feed(app, ownerLaptop))).toEqual([
        expect.objectContaining({ storeId: store.id, version: written.body.version }),
      ]);
      expect(dataUpdated(await feed(app, owner))).toEqual([]);
    }
  });

  it('a refused write (stale token) is no event', async () => {
    const owner = await createVerifiedUser(t);
    const member = await createVerifiedUser(t);
    const store = await sharedStore(owner, member);
    await storesApi(t, owner).put(store.id, { data: blobData(), token: 'stale' }).expect(409);
    expect((await feed(t, member)).filter((e) => e.type === 'data_updated')).toEqual([]);
  });

  it('a member who switched the store’s sync off hears nothing of it; switching is config_changed for its own devices', async () => {
    const owner = await createVerifiedUser(t);
    const member = await createVerifiedUser(t);
    const memberPhone = await otherDevice(member);
    const store = await sharedStore(owner, member);
    await storesApi(t, member).settings(store.id, { syncEnabled: false }).expect(200);
    await storesApi(t, owner).put(store.id, { data: blobData(), token: store.token }).expect(200);
    const phoneEvents = await feed(t, memberPhone);
    expect(phoneEvents.map((e) => e.type)).toEqual(['member_added', 'config_changed']);
    expect(phoneEvents[1]).toMatchObject({ storeId: store.id });
  });

  it('sharing, leaving and deleting are member_added, member_removed and store_deleted events for the members', async () => {
    const owner = await createVerifiedUser(t);
    const member = await createVerifiedUser(t);
    const ownerLaptop = await otherDevice(owner);
    const memberPhone = await otherDevice(member);
    const store = await sharedStore(owner, member);
    await storesApi(t, member).unshare(store.id, member.id).expect(204);
    await storesApi(t, owner).remove(store.id).expect(204);
    // The leaving session knows it left; the member's other device is told, and nothing after it left.
    expect((await feed(t, member)).map((e) => [e.type, e.storeId])).toEqual([['member_added', store.id]]);
    expect((await feed(t, memberPhone)).map((e) => [e.type, e.storeId])).toEqual([
      ['member_added', store.id],
      ['member_removed', store.id],
    ]);
    expect((await feed(t, ownerLaptop)).map((e) => e.type)).toEqual(['member_added', 'member_removed', 'store_deleted']);
  });

  it('an append to a shared log is data_updated with its latestSeq; a re-sent batch that stores nothing is no event', async () => {
    const owner = await createVerifiedUser(t);
    const member = await createVerifiedUser(t);
    const log = await storesApi(t, owner).create({ kind: 'log' }).expect(201);
    await storesApi(t, owner).share(log.body.id, { email: member.email, permission: 'WRITE' }).expect(200);
    const entries = [entryBody('A', 0), entryBody('A', 1)];
    await logsApi(t, owner).append(log.body.id, entries).expect(200);
    await logsApi(t, owner).append(log.body.id, entries).expect(200);
    expect((await feed(t, member)).filter((e) => e.type === 'data_updated')).toEqual([
      expect.objectContaining({ storeId: log.body.id, latestSeq: 2 }),
    ]);
  });
});

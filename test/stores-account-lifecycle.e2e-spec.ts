import os from 'node:os';
import { encryptedOp } from './factories/sync-op.factory';
import { TestUser } from './factories/user.factory';
import { expectHelp, operatorScript } from './helpers/operator-scripts';
import { blobData, storesApi } from './helpers/stores-api';
import { useSyncTestApp } from './helpers/sync-api';

/** Stores in an account's lifecycle (issue 9 item 7): account deletion, op-log wipes, operator scripts. */
describe('stores and the account lifecycle', () => {
  const app = useSyncTestApp();
  const env = () => ({ DATABASE_URL: app.t.db.url, DATA_DIR: os.tmpdir() });
  const deleteUser = operatorScript('delete-user', env);
  const clearData = operatorScript('clear-data', env);

  /**
   * `leaving` alone owns one store, co-owns one with `other` (charged to `leaving`), and is a WRITE member
   * of a third store of `other`.
   */
  const accountWithStores = async () => {
    const leaving = await app.fresh();
    const other = await app.fresh();
    const mine = storesApi(app.t, leaving.user);
    const theirs = storesApi(app.t, other.user);
    const alone = (await mine.create({ kind: 'blob', name: 'alone', data: blobData() }).expect(201)).body.id as string;
    const coOwned = (await mine.create({ kind: 'blob', name: 'shared', data: blobData(300) }).expect(201)).body.id as string;
    await mine.share(coOwned, { email: other.user.email, permission: 'OWN' }).expect(200);
    const member = (await theirs.create({ kind: 'blob', data: blobData() }).expect(201)).body.id as string;
    await theirs.share(member, { email: leaving.user.email, permission: 'WRITE' }).expect(200);
    return { leaving: leaving.user, other: other.user, alone, coOwned, member };
  };
  const expectReleased = async (s: { leaving: TestUser; other: TestUser; alone: string; coOwned: string; member: string }) => {
    expect(await app.t.prisma.store.findUnique({ where: { id: s.alone } })).toBeNull();
    expect(await app.t.prisma.store.findUnique({ where: { id: s.coOwned } })).toMatchObject({ ownerId: s.other.id });
    expect(await app.t.prisma.store.findUnique({ where: { id: s.member } })).toMatchObject({ ownerId: s.other.id });
    expect(await app.t.prisma.storeMember.count({ where: { userId: s.leaving.id } })).toBe(0);
    expect(await app.t.prisma.storeName.count({ where: { userId: s.leaving.id } })).toBe(0);
    expect(await app.t.prisma.storeNameKey.count({ where: { userId: s.leaving.id } })).toBe(0);
    // The survivor still works for the other owner.
    const theirs = storesApi(app.t, s.other);
    const { token } = (await theirs.get(s.coOwned).expect(200)).body;
    await theirs.put(s.coOwned, { data: blobData(), token }).expect(200);
  };

  it('DELETE /api/account deletes the stores the account alone owns and its memberships; a store with another OWN member survives, charged to it', async () => {
    const s = await accountWithStores();
    await app.t
      .http()
      .delete('/api/account')
      .set('Authorization', `Bearer ${s.leaving.token}`)
      .set('X-Forwarded-For', '10.9.9.1')
      .expect(200);
    await expectReleased(s);
  });

  it('the delete-user script does the same, and says so in its --help', async () => {
    const s = await accountWithStores();
    const result = await deleteUser(s.leaving.email, '--yes');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    await expectReleased(s);
    await expectHelp(deleteUser, 'the stores it alone owns');
  });

  it('DELETE /api/sync/data and clear-data leave stores alone (and clear-data says so in its --help)', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A')]).expect(200);
    const stores = storesApi(app.t, user);
    const data = blobData();
    const id = (await stores.create({ kind: 'blob', name: 'kept', data }).expect(201)).body.id as string;

    await api.deleteData().expect(200);
    expect((await stores.get(id).expect(200)).body).toMatchObject({ data, version: 1 });
    const cleared = await clearData(user.email, '--yes');
    expect(cleared.code).toBe(0);
    expect((await stores.getByName('kept').expect(200)).body).toMatchObject({ id, data, version: 1 });
    expect((await stores.list().expect(200)).body.stores).toHaveLength(1);
    await expectHelp(clearData, 'keys and stores (with their members and log entries) stay as they are');
  });
});

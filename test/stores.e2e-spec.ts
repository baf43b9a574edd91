import { randomBytes, randomUUID } from 'node:crypto';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { blobData, storesApi, StoresApi } from './helpers/stores-api';
import { TestApp, useTwinApps } from './helpers/test-app';
import { maskEmail } from '../src/common/mask-email';

describe('stores: blob stores and sharing (opsync-api.md §3, §5)', () => {
  let t: TestApp;
  /** A second instance on the same database, for the concurrency test; its blobs are limited to 1 KiB. */
  let twin: TestApp;
  useTwinApps((apps) => ({ t, twin } = apps), {}, { env: { STORE_MAX_BYTES: '1024' } });

  const fresh = async (): Promise<{ user: TestUser; api: StoresApi }> => {
    const user = await createVerifiedUser(t);
    return { user, api: storesApi(t, user) };
  };
  /** A blob store of `owner`, shared with a new account at `permission`. */
  const sharedStore = async (permission: 'READ' | 'WRITE' | 'OWN') => {
    const owner = await fresh();
    const member = await fresh();
    const created = await owner.api.create({ kind: 'blob', data: blobData() }).expect(201);
    await owner.api.share(created.body.id, { email: member.user.email, permission }).expect(200);
    return { owner, member, id: created.body.id as string, token: created.body.token as string };
  };
  const storeRow = (id: string) => t.prisma.store.findUnique({ where: { id } });
  const auditOf = async (userId: number) =>
    (await t.prisma.auditEvent.findMany({ where: { userId }, orderBy: { id: 'asc' } })).map((e) => ({ type: e.type, details: e.details }));
  /** The error body without its per-request parts. */
  const errorOf = (body: Record<string, unknown>) => ({ error: body.error, errorCode: body.errorCode });

  it('O-11 create with a name → 201; the same name again → 409 STORE_EXISTS with the id; the name appears nowhere in the database', async () => {
    const { api } = await fresh();
    const name = `vault-name-${randomBytes(6).toString('hex')}`;
    const created = await api.create({ kind: 'blob', name, meta: 'encrypted-meta', data: blobData() }).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      kind: 'blob',
      meta: 'encrypted-meta',
      token: expect.any(String),
      version: 1,
      updatedAt: expect.any(String),
    });
    const again = await api.create({ kind: 'blob', name, data: blobData() }).expect(409);
    expect(again.body).toMatchObject({ errorCode: 'STORE_EXISTS', id: created.body.id });
    expect((await api.getByName(name).expect(200)).body.id).toBe(created.body.id);

    const tables = await t.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['stores', 'store_names', 'store_name_keys']));
    for (const { table_name } of tables) {
      // Text of every row (bytea shows as hex, so a stored name in any encoding of text would show).
      const rows = await t.prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(x)::text AS row FROM "${table_name}" x`);
      for (const { row } of rows) {
        expect(row).not.toContain(name);
        expect(row).not.toContain(Buffer.from(name).toString('hex'));
      }
    }
  });

  it('O-11 names are per account: another account may use the same name; by-name of an unknown name → 404', async () => {
    const a = await fresh();
    const b = await fresh();
    await a.api.create({ kind: 'blob', name: 'settings' }).expect(201);
    await b.api.create({ kind: 'blob', name: 'settings' }).expect(201);
    expect((await b.api.getByName('other').expect(404)).body.errorCode).toBe('STORE_NOT_FOUND');
  });

  it('O-12 PUT with the current token → new token, version + 1; stale token → 409 with currentToken, data unchanged; no token → 428', async () => {
    const { api } = await fresh();
    const created = await api.create({ kind: 'blob', data: blobData() }).expect(201);
    const id = created.body.id as string;
    const data2 = blobData();
    const written = await api.put(id, { data: data2, token: created.body.token }).expect(200);
    expect(written.body).toEqual({ token: expect.any(String), version: 2 });
    expect(written.body.token).not.toBe(created.body.token);

    const stale = await api.put(id, { data: blobData(), token: created.body.token }).expect(409);
    expect(stale.body).toMatchObject({ errorCode: 'STORE_TOKEN_MISMATCH', currentToken: written.body.token, currentVersion: 2 });
    expect((await api.get(id).expect(200)).body).toMatchObject({ data: data2, version: 2, token: written.body.token });

    expect((await api.put(id, { data: blobData() }).expect(428)).body.errorCode).toBe('TOKEN_REQUIRED');
    // The header carries the token as an ETag; it wins over a body token.
    const viaHeader = await api.put(id, { data: blobData(), token: 'stale' }, `"${written.body.token}"`).expect(200);
    expect(viaHeader.body.version).toBe(3);
    expect((await storeRow(id))?.version).toBe(3);
  });

  it('O-13 two concurrent PUTs with the same token on two instances → exactly one 200, one 409', async () => {
    const { user, api } = await fresh();
    const created = await api.create({ kind: 'blob', data: blobData() }).expect(201);
    const id = created.body.id as string;
    for (let round = 0; round < 5; round++) {
      const { token } = (await api.get(id).expect(200)).body;
      const [a, b] = await Promise.all([
        storesApi(t, user).put(id, { data: blobData(), token }),
        storesApi(twin, user).put(id, { data: blobData(), token }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? a : b;
      const loser = a.status === 200 ? b : a;
      expect(loser.body).toMatchObject({
        errorCode: 'STORE_TOKEN_MISMATCH',
        currentToken: winner.body.token,
        currentVersion: winner.body.version,
      });
      expect((await storeRow(id))?.token).toBe(winner.body.token);
    }
    expect((await storeRow(id))?.version).toBe(6);
  });

  it('O-14 GET with If-None-Match of the current token → 304 without a body; the GET carries ETag; an old token → 200', async () => {
    const { api } = await fresh();
    const created = await api.create({ kind: 'blob', data: blobData() }).expect(201);
    const id = created.body.id as string;
    const got = await api.get(id).expect(200);
    expect(got.headers.etag).toBe(`"${created.body.token}"`);
    const notModified = await api.get(id, `"${created.body.token}"`).expect(304);
    expect(notModified.text).toBeFalsy();
    await api.put(id, { data: blobData(), token: created.body.token }).expect(200);
    expect((await api.get(id, `"${created.body.token}"`).expect(200)).body.version).toBe(2);
  });

  it('O-15 another account’s store id → 404, exactly as an unknown id and a malformed one, on every store route', async () => {
    const owner = await fresh();
    const stranger = await fresh();
    const created = await owner.api.create({ kind: 'blob', data: blobData() }).expect(201);
    const theirs = created.body.id as string;
    const unknown = randomUUID();
    const malformed = 'not-a-store-id';
    const routes = (id: string) => [
      stranger.api.get(id),
      stranger.api.put(id, { data: blobData(), token: created.body.token }),
      stranger.api.remove(id),
      stranger.api.settings(id, { syncEnabled: false }),
      stranger.api.members(id),
      stranger.api.share(id, { email: stranger.user.email, permission: 'OWN' }),
      stranger.api.unshare(id, stranger.user.id),
    ];
    for (const id of [theirs, unknown, malformed]) {
      for (const response of await Promise.all(routes(id))) {
        expect(response.status).toBe(404);
        expect(errorOf(response.body)).toEqual({ error: 'Store not found', errorCode: 'STORE_NOT_FOUND' });
      }
    }
    expect((await stranger.api.list().expect(200)).body.stores).toEqual([]);
    expect(await storeRow(theirs)).toMatchObject({ version: 1, token: created.body.token });
    expect(await t.prisma.storeMember.count({ where: { storeId: theirs } })).toBe(1);
  });

  it('O-16 READ member: get 200, put 403 PERMISSION_DENIED; WRITE member: put 200, delete 403; OWN: delete 204', async () => {
    const read = await sharedStore('READ');
    await read.member.api.get(read.id).expect(200);
    expect((await read.member.api.put(read.id, { data: blobData(), token: read.token }).expect(403)).body.errorCode).toBe(
      'PERMISSION_DENIED',
    );
    expect((await storeRow(read.id))?.version).toBe(1);

    const write = await sharedStore('WRITE');
    await write.member.api.put(write.id, { data: blobData(), token: write.token }).expect(200);
    expect((await write.member.api.remove(write.id).expect(403)).body.errorCode).toBe('PERMISSION_DENIED');

    const own = await sharedStore('OWN');
    await own.member.api.remove(own.id).expect(204);
    expect(await storeRow(own.id)).toBeNull();
    expect(await auditOf(own.member.user.id)).toContainEqual({ type: 'store_deleted', details: { storeId: own.id } });
  });

  it('O-17 removing or demoting the last OWN → 409 LAST_OWNER; with a second owner, an owner may leave', async () => {
    const { owner, member, id } = await sharedStore('READ');
    expect((await owner.api.unshare(id, owner.user.id).expect(409)).body.errorCode).toBe('LAST_OWNER');
    expect((await owner.api.share(id, { email: owner.user.email, permission: 'WRITE' }).expect(409)).body.errorCode).toBe('LAST_OWNER');
    await owner.api.share(id, { email: member.user.email, permission: 'OWN' }).expect(200);
    await owner.api.unshare(id, owner.user.id).expect(204);
    expect(await storeRow(id)).toMatchObject({ ownerId: member.user.id });
    expect((await member.api.unshare(id, member.user.id).expect(409)).body.errorCode).toBe('LAST_OWNER');
    expect(await t.prisma.storeMember.findMany({ where: { storeId: id }, select: { userId: true, permission: true } })).toEqual([
      { userId: member.user.id, permission: 'OWN' },
    ]);
  });

  it('O-18 sharing with an unknown email → 404 USER_NOT_FOUND; an unverified account counts as unknown', async () => {
    const { api } = await fresh();
    const created = await api.create({ kind: 'blob' }).expect(201);
    const unknown = await api.share(created.body.id, { email: `nobody-${randomBytes(4).toString('hex')}@example.com`, permission: 'READ' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorCode).toBe('USER_NOT_FOUND');
    const unverified = await createVerifiedUser(t, { isVerified: 0 });
    expect((await api.share(created.body.id, { email: unverified.email, permission: 'READ' }).expect(404)).body.errorCode).toBe(
      'USER_NOT_FOUND',
    );
    expect(await t.prisma.storeMember.count({ where: { storeId: created.body.id } })).toBe(1);
  });

  it('O-19 syncEnabled: false → that account’s put → 409 SYNC_DISABLED; other members unaffected; audited config_updated', async () => {
    const { owner, member, id, token } = await sharedStore('WRITE');
    expect((await member.api.settings(id, { syncEnabled: false }).expect(200)).body).toEqual({ id, syncEnabled: false });
    expect((await member.api.put(id, { data: blobData(), token }).expect(409)).body.errorCode).toBe('SYNC_DISABLED');
    await owner.api.put(id, { data: blobData(), token }).expect(200);
    const listed = (await member.api.list().expect(200)).body.stores;
    expect(listed).toEqual([expect.objectContaining({ id, syncEnabled: false, permission: 'WRITE' })]);
    expect((await owner.api.list().expect(200)).body.stores).toEqual([
      expect.objectContaining({ id, syncEnabled: true, permission: 'OWN' }),
    ]);
    expect(await auditOf(member.user.id)).toContainEqual({ type: 'config_updated', details: { storeId: id, syncEnabled: false } });
  });

  it('GET /api/stores lists own and shared stores with permission, size and syncEnabled; ?changedSince filters; a bad time → 400', async () => {
    const { owner, member, id, token } = await sharedStore('READ');
    const own = (await member.api.create({ kind: 'log', meta: 'm' }).expect(201)).body.id as string;
    const listed = (await member.api.list().expect(200)).body.stores;
    expect(listed).toHaveLength(2);
    expect(listed).toContainEqual({
      id,
      kind: 'blob',
      meta: null,
      permission: 'READ',
      version: 1,
      token,
      updatedAt: expect.any(String),
      size: 64,
      syncEnabled: true,
    });
    expect(listed).toContainEqual(expect.objectContaining({ id: own, kind: 'log', permission: 'OWN', size: 1 }));

    const since = new Date().toISOString();
    await owner.api.put(id, { data: blobData(10), token }).expect(200);
    expect((await member.api.list({ changedSince: since }).expect(200)).body.stores).toEqual([
      expect.objectContaining({ id, version: 2, size: 10 }),
    ]);
    expect((await member.api.list({ changedSince: 'yesterday' }).expect(400)).body.errorCode).toBe('VALIDATION_FAILED');
  });

  it('members: emails masked unless the caller is OWN; member_added and member_removed in both trails, never a full email', async () => {
    const { owner, member, id } = await sharedStore('WRITE');
    const seenByMember = (await member.api.members(id).expect(200)).body.members;
    expect(seenByMember).toEqual([
      { userId: owner.user.id, email: maskEmail(owner.user.email), permission: 'OWN', addedAt: expect.any(String) },
      { userId: member.user.id, email: maskEmail(member.user.email), permission: 'WRITE', addedAt: expect.any(String) },
    ]);
    expect((await owner.api.members(id).expect(200)).body.members.map((m: { email: string }) => m.email)).toEqual([
      owner.user.email,
      member.user.email,
    ]);

    await owner.api.unshare(id, member.user.id).expect(204);
    expect((await member.api.get(id).expect(404)).body.errorCode).toBe('STORE_NOT_FOUND');
    for (const user of [owner.user, member.user]) {
      const trail = await auditOf(user.id);
      expect(trail).toEqual([
        { type: 'member_added', details: { storeId: id, memberUserId: member.user.id, permission: 'WRITE', byUserId: owner.user.id } },
        { type: 'member_removed', details: { storeId: id, memberUserId: member.user.id, byUserId: owner.user.id } },
      ]);
      expect(JSON.stringify(trail)).not.toContain(owner.user.email);
      expect(JSON.stringify(trail)).not.toContain(member.user.email);
    }
  });

  it('a member may leave (audited in its trail); a READ or WRITE member cannot remove another; an unknown member → 404 MEMBER_NOT_FOUND', async () => {
    const { owner, member, id } = await sharedStore('WRITE');
    expect((await member.api.unshare(id, owner.user.id).expect(403)).body.errorCode).toBe('PERMISSION_DENIED');
    expect((await owner.api.unshare(id, 2_000_000_000).expect(404)).body.errorCode).toBe('MEMBER_NOT_FOUND');
    expect((await owner.api.unshare(id, 'abc').expect(400)).body.errorCode).toBe('VALIDATION_FAILED');
    await member.api.unshare(id, member.user.id).expect(204);
    expect(await t.prisma.storeMember.count({ where: { storeId: id } })).toBe(1);
    expect((await auditOf(member.user.id)).map((e) => e.type)).toEqual(['member_added', 'member_removed']);
  });

  it('sharing is rate-limited: the 21st PUT members of a user within 15 minutes → 429', async () => {
    const { user, api } = await fresh();
    const id = (await api.create({ kind: 'blob' }).expect(201)).body.id as string;
    for (let i = 0; i < 20; i++) await api.share(id, { email: `nobody-${i}@example.com`, permission: 'READ' }).expect(404);
    // Another client address: the per-user counter still holds.
    expect((await storesApi(t, user).share(id, { email: 'nobody@example.com', permission: 'READ' })).status).toBe(429);
  });

  it('the owner’s storage quota, shared with the op log, refuses a store write with 413 STORAGE_QUOTA_EXCEEDED and writes nothing', async () => {
    const { owner, member, id, token } = await sharedStore('WRITE');
    await t.prisma.user.update({ where: { id: owner.user.id }, data: { storageQuotaBytes: 1000, storageUsedBytes: 600 } });
    const refused = await member.api.put(id, { data: blobData(500), token }).expect(413);
    expect(refused.body).toMatchObject({ errorCode: 'STORAGE_QUOTA_EXCEEDED', storageUsedBytes: 664, storageQuotaBytes: 1000 });
    expect((await storeRow(id))?.token).toBe(token);
    expect((await owner.api.create({ kind: 'blob', data: blobData(400) }).expect(413)).body.errorCode).toBe('STORAGE_QUOTA_EXCEEDED');
    // Shrinking always passes; what fits passes.
    await member.api.put(id, { data: blobData(300), token }).expect(200);
    expect(await t.prisma.store.count({ where: { ownerId: owner.user.id } })).toBe(1);
  });

  it('data above STORE_MAX_BYTES and meta above 8 KiB → 413 STORE_TOO_LARGE', async () => {
    const { user } = await fresh();
    const small = storesApi(twin, user);
    expect((await small.create({ kind: 'blob', data: blobData(1025) }).expect(413)).body.errorCode).toBe('STORE_TOO_LARGE');
    const id = (await small.create({ kind: 'blob', data: blobData(1024) }).expect(201)).body.id as string;
    const { token } = (await small.get(id).expect(200)).body;
    expect((await small.put(id, { data: blobData(1025), token }).expect(413)).body.errorCode).toBe('STORE_TOO_LARGE');
    // 8 KiB of three-byte characters is 24 KiB of UTF-8.
    expect((await small.put(id, { data: blobData(1), meta: '€'.repeat(3000), token }).expect(413)).body.errorCode).toBe('STORE_TOO_LARGE');
    expect((await storeRow(id))?.version).toBe(1);
  });

  it('a log store takes no blob data: create with data and PUT → 409 STORE_KIND_MISMATCH', async () => {
    const { api } = await fresh();
    expect((await api.create({ kind: 'log', data: blobData() }).expect(409)).body.errorCode).toBe('STORE_KIND_MISMATCH');
    const log = (await api.create({ kind: 'log' }).expect(201)).body;
    expect((await api.put(log.id, { data: blobData(), token: log.token }).expect(409)).body.errorCode).toBe('STORE_KIND_MISMATCH');
    expect((await api.get(log.id).expect(200)).body).toMatchObject({ kind: 'log', data: null, version: 1 });
  });

  it('bad input on every store route → 400, never a 500, and nothing written', async () => {
    const { user, api } = await fresh();
    const created = await api.create({ kind: 'blob', data: blobData() }).expect(201);
    const id = created.body.id as string;
    const bad = [
      api.create({}),
      api.create({ kind: 'folder' }),
      api.create({ kind: 'blob', name: '' }),
      api.create({ kind: 'blob', name: 'x'.repeat(201) }),
      api.create({ kind: 'blob', data: 'not base64!' }),
      api.create({ kind: 'blob', meta: 42 }),
      api.create({ kind: 'blob', owner: 1 }),
      api.put(id, { token: created.body.token }),
      api.put(id, { data: 12, token: created.body.token }),
      api.put(id, { data: blobData(), token: created.body.token, version: 9 }),
      api.settings(id, { syncEnabled: 'no' }),
      api.settings(id, {}),
      api.share(id, { email: 'not-an-email', permission: 'READ' }),
      api.share(id, { email: user.email, permission: 'ADMIN' }),
      api.getByName('x'.repeat(201)),
    ];
    for (const response of await Promise.all(bad)) {
      expect({ status: response.status, code: response.body.errorCode }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(await t.prisma.store.count({ where: { ownerId: user.id } })).toBe(1);
    expect(await storeRow(id)).toMatchObject({ version: 1, token: created.body.token });
    expect(await t.prisma.storeMember.findMany({ where: { storeId: id }, select: { permission: true, syncEnabled: true } })).toEqual([
      { permission: 'OWN', syncEnabled: true },
    ]);
  });
});

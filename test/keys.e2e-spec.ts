import { randomBytes } from 'node:crypto';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { keysApi, KeysApi, keyVersionBody } from './helpers/keys-api';
import { TestApp, useTwinApps } from './helpers/test-app';

describe('keys: wrapped encryption keys with versioned rotation (opsync-api.md §6)', () => {
  let t: TestApp;
  /** A second instance on the same database, for the concurrency tests. */
  let twin: TestApp;
  useTwinApps((apps) => ({ t, twin } = apps));

  const fresh = async (): Promise<{ user: TestUser; keys: KeysApi }> => {
    const user = await createVerifiedUser(t);
    return { user, keys: keysApi(t, user) };
  };
  const auditOf = async (userId: number) =>
    (await t.prisma.auditEvent.findMany({ where: { userId }, orderBy: { id: 'asc' } })).map((e) => ({
      type: e.type,
      actor: e.actor,
      details: e.details,
    }));

  it('O-24 v1 → 201; v1 again → 409 KEY_VERSION_CONFLICT; v2 → 201; GET → v2; ?version=1 → v1; deleting v2 → 409 KEY_IN_USE', async () => {
    const { keys } = await fresh();
    const v1 = keyVersionBody(1);
    const v2 = keyVersionBody(2);

    await keys.put('master', v1).expect(201);
    const again = await keys.put('master', keyVersionBody(1)).expect(409);
    expect(again.body).toMatchObject({ errorCode: 'KEY_VERSION_CONFLICT', currentVersion: 1 });
    await keys.put('master', v2).expect(201);
    expect((await keys.get('master').expect(200)).body).toMatchObject({ keyId: 'master', ...v2 });
    expect((await keys.get('master', { version: 1 }).expect(200)).body).toMatchObject({ keyId: 'master', ...v1 });
    expect((await keys.deleteVersion('master', 2).expect(409)).body).toMatchObject({ errorCode: 'KEY_IN_USE' });
  });

  it('PUT answers 201 with the stored version; GET returns exactly what was stored, with createdAt and createdBy', async () => {
    const { user, keys } = await fresh();
    const body = keyVersionBody(1, { algorithm: 'XChaCha20-Poly1305', kdf: 'argon2id(m=65536,t=3,p=4)' });
    const before = Date.now();
    const stored = await keys.put('vault.main_1-a', body).expect(201);
    expect(stored.body).toEqual({ keyId: 'vault.main_1-a', version: 1, createdAt: expect.any(Number) });
    expect(stored.body.createdAt).toBeGreaterThanOrEqual(before);
    expect(stored.body.createdAt).toBeLessThanOrEqual(Date.now());
    // createdBy is the session of the storing token (opsync-api.md §1).
    expect(user.sessionId).toEqual(expect.any(String));
    expect((await keys.get('vault.main_1-a').expect(200)).body).toEqual({
      keyId: 'vault.main_1-a',
      ...body,
      createdAt: stored.body.createdAt,
      createdBy: user.sessionId,
    });
  });

  it('a version other than current + 1 is refused with currentVersion (0 for a new key) and writes nothing', async () => {
    const { user, keys } = await fresh();
    expect((await keys.put('k', keyVersionBody(2)).expect(409)).body).toMatchObject({
      errorCode: 'KEY_VERSION_CONFLICT',
      currentVersion: 0,
    });
    await keys.put('k', keyVersionBody(1)).expect(201);
    expect((await keys.put('k', keyVersionBody(3)).expect(409)).body).toMatchObject({
      errorCode: 'KEY_VERSION_CONFLICT',
      currentVersion: 1,
    });
    expect(await t.prisma.keyVersion.findMany({ where: { userId: user.id }, select: { version: true } })).toEqual([{ version: 1 }]);
    expect((await auditOf(user.id)).map((e) => e.type)).toEqual(['key_stored']);
  });

  it('GET /api/keys lists every key with its versions, latest version and updatedAt: metadata only', async () => {
    const { keys } = await fresh();
    expect((await keys.list().expect(200)).body).toEqual({ keys: [] });
    const b1 = (await keys.put('b', keyVersionBody(1)).expect(201)).body;
    for (const version of [1, 2]) await keys.put('a', keyVersionBody(version)).expect(201);
    const a3 = (await keys.put('a', keyVersionBody(3)).expect(201)).body;
    await keys.deleteVersion('a', 2).expect(204);

    expect((await keys.list().expect(200)).body).toEqual({
      keys: [
        { keyId: 'a', versions: [1, 3], latestVersion: 3, updatedAt: a3.createdAt },
        { keyId: 'b', versions: [1], latestVersion: 1, updatedAt: b1.createdAt },
      ],
    });
  });

  it('?version=n returns that version; an unknown key or version is 404 KEY_NOT_FOUND', async () => {
    const { keys } = await fresh();
    const bodies = [keyVersionBody(1), keyVersionBody(2), keyVersionBody(3)];
    for (const body of bodies) await keys.put('k', body).expect(201);
    for (const body of bodies) expect((await keys.get('k', { version: body.version as number }).expect(200)).body).toMatchObject(body);
    expect((await keys.get('k').expect(200)).body.version).toBe(3);

    for (const missing of [keys.get('nope'), keys.get('k', { version: 4 }), keys.deleteVersion('k', 4), keys.deleteVersion('nope', 1)]) {
      expect((await missing.expect(404)).body).toMatchObject({ error: 'Key not found', errorCode: 'KEY_NOT_FOUND' });
    }
  });

  it("another account's key answers 404 exactly like an unknown one, and the same keyId is independent per account", async () => {
    const owner = await fresh();
    const stranger = await fresh();
    await owner.keys.put('shared-name', keyVersionBody(1)).expect(201);
    await owner.keys.put('shared-name', keyVersionBody(2)).expect(201);

    const foreign = await stranger.keys.get('shared-name').expect(404);
    const unknown = await stranger.keys.get('never-stored').expect(404);
    const withoutCorrelation = (body: Record<string, unknown>) => ({ ...body, correlationId: undefined });
    expect(withoutCorrelation(foreign.body)).toEqual(withoutCorrelation(unknown.body));
    await stranger.keys.get('shared-name', { version: 1 }).expect(404);
    await stranger.keys.deleteVersion('shared-name', 1).expect(404);
    expect((await stranger.keys.list().expect(200)).body).toEqual({ keys: [] });

    // The stranger's own v1 of that name neither conflicts with nor touches the owner's key.
    const own = keyVersionBody(1);
    await stranger.keys.put('shared-name', own).expect(201);
    expect((await stranger.keys.get('shared-name').expect(200)).body).toMatchObject(own);
    expect((await owner.keys.get('shared-name').expect(200)).body.version).toBe(2);
    expect((await owner.keys.get('shared-name', { version: 1 }).expect(200)).body.version).toBe(1);
  });

  it('deletes an older version (204, then its GET is 404) and keeps the others', async () => {
    const { keys } = await fresh();
    const bodies = [keyVersionBody(1), keyVersionBody(2), keyVersionBody(3)];
    for (const body of bodies) await keys.put('k', body).expect(201);

    const deleted = await keys.deleteVersion('k', 1).expect(204);
    expect(deleted.text).toBe('');
    expect((await keys.get('k', { version: 1 }).expect(404)).body.errorCode).toBe('KEY_NOT_FOUND');
    await keys.deleteVersion('k', 1).expect(404);
    expect((await keys.get('k', { version: 2 }).expect(200)).body).toMatchObject(bodies[1]);
    await keys.deleteVersion('k', 3).expect(409);
    // A deleted version is never reused: the next one is still latest + 1.
    expect((await keys.put('k', keyVersionBody(1)).expect(409)).body.currentVersion).toBe(3);
    await keys.put('k', keyVersionBody(4)).expect(201);
  });

  it('audits key_stored (v1), key_rotated (v > 1) and key_deleted with keyId and version, never key material', async () => {
    const { user, keys } = await fresh();
    const bodies = [keyVersionBody(1), keyVersionBody(2)];
    for (const body of bodies) await keys.put('master', body).expect(201);
    await keys.deleteVersion('master', 1).expect(204);
    // Refusals change nothing and are not audited.
    await keys.put('master', keyVersionBody(2)).expect(409);
    await keys.deleteVersion('master', 2).expect(409);
    await keys.deleteVersion('master', 7).expect(404);

    expect(await auditOf(user.id)).toEqual([
      { type: 'key_stored', actor: 'user', details: { keyId: 'master', version: 1 } },
      { type: 'key_rotated', actor: 'user', details: { keyId: 'master', version: 2 } },
      { type: 'key_deleted', actor: 'user', details: { keyId: 'master', version: 1 } },
    ]);
    const rows = await t.prisma.auditEvent.findMany({ where: { userId: user.id } });
    expect(rows.every((row) => row.ip !== null)).toBe(true);
    const trail = JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    for (const body of bodies) for (const field of ['encryptedKey', 'salt', 'nonce'] as const) expect(trail).not.toContain(body[field]);
    // The owner reads them in their own trail.
    const own = await t.http().get('/api/audit').set('Authorization', `Bearer ${user.token}`).expect(200);
    expect(own.body.events.map((e: { type: string }) => e.type)).toEqual(['key_deleted', 'key_rotated', 'key_stored']);
  });

  it('concurrent PUTs of the same next version through two instances: exactly one 201, the others 409 with currentVersion', async () => {
    const user = await createVerifiedUser(t);
    const apis = [keysApi(t, user), keysApi(twin, user)];
    for (const version of [1, 2]) {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => apis[i % 2].put('raced', keyVersionBody(version))));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      for (const refused of results.filter((r) => r.status === 409)) {
        expect(refused.body).toMatchObject({ errorCode: 'KEY_VERSION_CONFLICT', currentVersion: version });
      }
      const winner = results.find((r) => r.status === 201)!;
      expect((await apis[0].get('raced').expect(200)).body.createdAt).toBe(winner.body.createdAt);
    }
    expect(await t.prisma.keyVersion.count({ where: { userId: user.id } })).toBe(2);
    expect((await auditOf(user.id)).map((e) => e.type)).toEqual(['key_stored', 'key_rotated']);
  });

  it("deleting the account deletes its keys and nobody else's", async () => {
    const leaving = await fresh();
    const staying = await fresh();
    for (const version of [1, 2]) await leaving.keys.put('k', keyVersionBody(version)).expect(201);
    await staying.keys.put('k', keyVersionBody(1)).expect(201);

    await t.http().delete('/api/account').set('Authorization', `Bearer ${leaving.user.token}`).expect(200);
    expect(await t.prisma.keyVersion.count({ where: { userId: leaving.user.id } })).toBe(0);
    expect(await t.prisma.keyVersion.count({ where: { userId: staying.user.id } })).toBe(1);
  });

  it('every route needs a token', async () => {
    for (const req of [
      t.http().get('/api/keys'),
      t.http().get('/api/keys/k'),
      t.http().put('/api/keys/k').send(keyVersionBody(1)),
      t.http().delete('/api/keys/k/versions/1'),
    ]) {
      await req.expect(401);
    }
  });

  it('accepts the edges: a 100-character keyId, material of exactly 1 KiB, padded base64 of every length', async () => {
    const { keys } = await fresh();
    const longId = 'k'.repeat(100);
    await keys.put(longId, keyVersionBody(1, { encryptedKey: randomBytes(1024).toString('base64') })).expect(201);
    // 1, 2 and 3 bytes: base64 with two, one and no padding characters.
    await keys.put(longId, keyVersionBody(2, { encryptedKey: 'QQ==', salt: 'QUI=', nonce: 'QUJD' })).expect(201);
    expect((await keys.get(longId).expect(200)).body).toMatchObject({ encryptedKey: 'QQ==', salt: 'QUI=', nonce: 'QUJD' });
  });

  describe('bad input → 400 with a stable code, nothing written', () => {
    let user: TestUser;
    let keys: KeysApi;
    beforeAll(async () => {
      ({ user, keys } = await fresh());
      await keys.put('k', keyVersionBody(1)).expect(201);
      await keys.put('k', keyVersionBody(2)).expect(201);
    });

    /** `input` names the case in a failure message. */
    const refused = async (
      input: unknown,
      request: PromiseLike<{ status: number; body: Record<string, unknown> }>,
      code = 'VALIDATION_FAILED',
    ) => {
      const res = await request;
      expect({ input, status: res.status, errorCode: res.body.errorCode }).toEqual({ input, status: 400, errorCode: code });
    };

    it('PUT body: version, base64 material, labels, unknown and missing fields', async () => {
      const invalid: Record<string, unknown>[] = [
        { version: 0 },
        { version: -1 },
        { version: 3.5 },
        { version: '3' },
        { version: 2_147_483_648 },
        { version: null },
        { version: 1e300 },
        { encryptedKey: 'not base64!' },
        { encryptedKey: 'QQ' },
        { encryptedKey: '' },
        { encryptedKey: 42 },
        { encryptedKey: ['QQ=='] },
        { encryptedKey: randomBytes(1025).toString('base64') },
        { salt: 'QQ=' },
        { salt: randomBytes(2000).toString('base64') },
        { nonce: 'QQ==\n' },
        { nonce: 'Q-_A' },
        { nonce: { value: 'QQ==' } },
        { algorithm: '' },
        { algorithm: 'A'.repeat(101) },
        { algorithm: 'AES-256-GCM\u0000' },
        { algorithm: 'clé' },
        { algorithm: 7 },
        { kdf: 'line\nbreak' },
        { kdf: null },
        { extra: 'field' },
      ];
      for (const change of invalid) await refused(change, keys.put('k', keyVersionBody(3, change)));
      for (const field of ['version', 'encryptedKey', 'salt', 'nonce', 'algorithm', 'kdf']) {
        const body = keyVersionBody(3);
        delete body[field];
        await refused(`without ${field}`, keys.put('k', body));
      }
      await refused('an array', keys.put('k', [keyVersionBody(3)]), 'INVALID_BODY');
      await refused(
        'broken JSON',
        t
          .http()
          .put('/api/keys/k')
          .set('Authorization', `Bearer ${user.token}`)
          .set('Content-Type', 'application/json')
          .send('{"version":'),
        'INVALID_JSON',
      );
    });

    it('keyId in the path of every route', async () => {
      for (const keyId of ['k'.repeat(101), 'a%20b', 'a%2Fb', '%C3%A4', 'k%00', 'a:b', 'a~b']) {
        await refused(`PUT ${keyId}`, keys.put(keyId, keyVersionBody(1)));
        await refused(`GET ${keyId}`, keys.get(keyId));
        await refused(`DELETE ${keyId}`, keys.deleteVersion(keyId, 1));
      }
    });

    it('version in the query of GET and in the path of DELETE', async () => {
      for (const version of ['0', '-1', '1.5', 'abc', '', '1e3', '0x1', '2147483648', '99999999999']) {
        await refused(`GET ?version=${version}`, keys.getWithQuery('k', `version=${version}`));
        if (version !== '') await refused(`DELETE version ${version}`, keys.deleteVersion('k', version));
      }
      await refused('repeated version', keys.getWithQuery('k', 'version=1&version=2'));
      await refused('unknown parameter', keys.getWithQuery('k', 'unknown=1'));
    });

    it('(after the refusals above) nothing was stored, deleted or audited', async () => {
      expect(
        await t.prisma.keyVersion.findMany({
          where: { userId: user.id },
          select: { keyId: true, version: true },
          orderBy: { version: 'asc' },
        }),
      ).toEqual([
        { keyId: 'k', version: 1 },
        { keyId: 'k', version: 2 },
      ]);
      expect((await auditOf(user.id)).map((e) => e.type)).toEqual(['key_stored', 'key_rotated']);
    });
  });
});

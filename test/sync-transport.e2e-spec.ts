import { gzipSync } from 'node:zlib';
import { AuthFailure } from '../src/auth';
import { encryptedOp, encryptedSnapshot } from './factories/sync-op.factory';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { syncApi, useSyncTestApp } from './helpers/sync-api';

/** Every sync route of this module, with a body where it takes one. */
const ROUTES: [method: 'get' | 'post' | 'delete', path: string][] = [
  ['post', '/api/sync/ops'],
  ['get', '/api/sync/ops?sinceSeq=0'],
  ['post', '/api/sync/snapshot'],
  ['get', '/api/sync/status'],
  ['get', '/api/sync/devices'],
  ['get', '/api/sync/restore-points'],
  ['get', '/api/sync/restore/1'],
  ['delete', '/api/sync/data'],
];

describe('sync transport: auth, compression, size limits (protocol spec §1)', () => {
  const app = useSyncTestApp();

  const uploadBody = (clientId: string) => ({ ops: [encryptedOp(clientId), encryptedOp(clientId)], clientId });
  /** Sends the bytes as they are (superagent would JSON-encode a Buffer under a JSON content type). */
  const rawUpload = (user: TestUser, body: Buffer) =>
    app.t
      .http()
      .post('/api/sync/ops')
      .set('Authorization', `Bearer ${user.token}`)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize((bytes: unknown) => bytes as string)
      .send(body);

  it.each(ROUTES)('P-1 %s %s without Authorization answers 401 "Missing or invalid Authorization header"', async (method, path) => {
    const http = app.t.http();
    const res = await http[method](path).send(method === 'post' ? uploadBody('A') : undefined);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: AuthFailure.MissingHeader.message });
  });

  it('P-2 a token whose tokenVersion is behind the account gets 401 on every sync route', async () => {
    const user = await createVerifiedUser(app.t);
    await app.t.prisma.user.update({ where: { id: user.id }, data: { tokenVersion: 1 } });
    for (const [method, path] of ROUTES) {
      const http = app.t.http();
      const res = await http[method](path)
        .set('Authorization', `Bearer ${user.token}`)
        .send(method === 'post' ? uploadBody('A') : undefined);
      expect([path, res.status, res.body]).toEqual([path, 401, { error: AuthFailure.Revoked.message }]);
    }
  });

  it('P-5 a gzip upload is processed like the same JSON uncompressed (the plain retry finds every op stored)', async () => {
    const user = await createVerifiedUser(app.t);
    const body = uploadBody('A');
    const zipped = await syncApi(app.t, user).uploadGzipped(body).expect(200);
    expect(zipped.body.results.map((r: { serverSeq: number }) => r.serverSeq)).toEqual([1, 2]);
    const plain = await syncApi(app.t, user).upload('A', body.ops).expect(200);
    expect(plain.body.results.map((r: { errorCode: string }) => r.errorCode)).toEqual(['DUPLICATE_OPERATION', 'DUPLICATE_OPERATION']);
  });

  it('P-6 base64 text of gzip with Content-Transfer-Encoding: base64 is processed identically', async () => {
    const user = await createVerifiedUser(app.t);
    const body = uploadBody('A');
    const res = await app.t
      .http()
      .post('/api/sync/ops')
      .set('Authorization', `Bearer ${user.token}`)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .set('Content-Transfer-Encoding', 'base64')
      .send(gzipSync(JSON.stringify(body)).toString('base64'))
      .expect(200);
    expect(res.body.results.map((r: { serverSeq: number }) => r.serverSeq)).toEqual([1, 2]);
    const plain = await syncApi(app.t, user).upload('A', body.ops).expect(200);
    expect(plain.body.results.every((r: { errorCode: string }) => r.errorCode === 'DUPLICATE_OPERATION')).toBe(true);
  });

  it.each(['deflate', 'gzip, deflate', 'br', 'identity'])('P-7 Content-Encoding "%s" on an upload answers 415', async (encoding) => {
    const user = await createVerifiedUser(app.t);
    const res = await app.t
      .http()
      .post('/api/sync/ops')
      .set('Authorization', `Bearer ${user.token}`)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .send(JSON.stringify(uploadBody('A')));
    expect(res.status).toBe(415);
  });

  it('P-8 a gzip-labelled body that is not gzip answers 400 "Failed to decompress gzip body"', async () => {
    const user = await createVerifiedUser(app.t);
    const res = await rawUpload(user, Buffer.from('certainly not gzip')).expect(400);
    expect(res.body).toMatchObject({ error: 'Failed to decompress gzip body' });
  });

  it('P-9 a plain ops upload over 10 MiB answers 413; gzip inflating past 30 MiB answers 413 "Decompressed payload too large"', async () => {
    const user = await createVerifiedUser(app.t);
    const big = JSON.stringify({ ...uploadBody('A'), padding: 'x'.repeat(10 * 1024 * 1024) });
    const plain = await app.t
      .http()
      .post('/api/sync/ops')
      .set('Authorization', `Bearer ${user.token}`)
      .set('Content-Type', 'application/json')
      .send(big);
    expect(plain.status).toBe(413);
    const bomb = gzipSync(JSON.stringify({ ...uploadBody('A'), padding: 'x'.repeat(31 * 1024 * 1024) }));
    const inflated = await rawUpload(user, bomb);
    expect(inflated.status).toBe(413);
    expect(inflated.body).toMatchObject({ error: 'Decompressed payload too large' });
    expect((await syncApi(app.t, user).status()).body.latestSeq).toBe(0);
  });

  it('P-10 GET and DELETE with Content-Type: application/json and no body succeed', async () => {
    const user = await createVerifiedUser(app.t);
    const auth = `Bearer ${user.token}`;
    for (const path of ['/api/sync/ops?sinceSeq=0', '/api/sync/status', '/api/sync/devices', '/api/sync/restore-points']) {
      await app.t.http().get(path).set('Authorization', auth).set('Content-Type', 'application/json').expect(200);
    }
    await app.t
      .http()
      .delete('/api/sync/data')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .expect(200, { success: true });
  });

  it('answers 404 for the retired GET /api/sync/snapshot', async () => {
    const user = await createVerifiedUser(app.t);
    await syncApi(app.t, user).snapshot(encryptedSnapshot('A')).expect(200);
    await app.t.http().get('/api/sync/snapshot').set('Authorization', `Bearer ${user.token}`).expect(404);
  });
});

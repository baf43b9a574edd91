import { gzipSync } from 'node:zlib';
import { ProbeController } from './helpers/probe.controller';
import { createTestApp, TestApp } from './helpers/test-app';

const MiB = 1024 * 1024;
/** supertest would JSON-serialize a Buffer sent with a JSON content type; send the bytes as they are. */
const raw = (bytes: Buffer) => bytes as unknown as string;

describe('request pipeline (configureApp)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      controllers: [ProbeController],
      env: { CORS_ORIGINS: 'https://app.super-productivity.com,https://*.example.com' },
    });
  });
  afterAll(() => t.close());

  describe('validation', () => {
    it('answers a validation failure with { error, errorCode, details[{code,path,message}] }', async () => {
      const res = await t.http().post('/probe/echo').send({ name: 42 }).expect(400);
      expect(res.body.error).toBe('Validation failed');
      expect(res.body.errorCode).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['name'], code: 'isString' })]));
    });

    it('rejects unknown fields', async () => {
      const res = await t.http().post('/probe/echo').send({ name: 'ok', admin: true }).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ path: ['admin'], code: 'whitelistValidation' })]);
    });

    it('passes a valid body through, transformed into the DTO', async () => {
      const res = await t.http().post('/probe/echo').send({ name: 'ok', count: 3 }).expect(200);
      expect(res.body).toEqual({ name: 'ok', count: 3 });
    });

    it('refuses non-JSON, non-object and wrongly typed bodies with stable codes', async () => {
      const bad = await t.http().post('/probe/raw').set('Content-Type', 'application/json').send('{"a":').expect(400);
      expect(bad.body).toEqual({ error: 'Invalid JSON body', errorCode: 'INVALID_JSON', correlationId: expect.any(String) });
      const array = await t.http().post('/probe/raw').set('Content-Type', 'application/json').send('[1,2]').expect(400);
      expect(array.body.errorCode).toBe('INVALID_BODY');
      const text = await t.http().post('/probe/raw').set('Content-Type', 'text/plain').send('hello').expect(415);
      expect(text.body.errorCode).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses a body nested deeper than the pipeline allows with 400, not a crash', async () => {
      const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
      const res = await t.http().post('/probe/raw').set('Content-Type', 'application/json').send(deep).expect(400);
      expect(res.body.errorCode).toBe('INVALID_BODY');
    });

    it('P-10 reads an empty body with Content-Type: application/json as {}', async () => {
      const res = await t.http().post('/probe/raw').set('Content-Type', 'application/json').expect(200);
      expect(res.body).toEqual({ received: {} });
    });
  });

  describe('compressed bodies (protocol spec §1.3)', () => {
    const body = { name: 'zipped', count: 1 };

    it('P-5 inflates Content-Encoding: gzip exactly like a plain body', async () => {
      const res = await t
        .http()
        .post('/probe/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(gzipSync(JSON.stringify(body)))
        .expect(200);
      expect(res.body).toEqual(body);
    });

    it('P-6 inflates base64 text of gzip (Content-Transfer-Encoding: base64)', async () => {
      const res = await t
        .http()
        .post('/probe/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .set('Content-Transfer-Encoding', 'base64')
        .send(gzipSync(JSON.stringify(body)).toString('base64'))
        .expect(200);
      expect(res.body).toEqual(body);
    });

    it.each(['deflate', 'gzip, deflate', 'br', 'identity'])('P-7 refuses Content-Encoding "%s" with 415', async (encoding) => {
      const res = await t
        .http()
        .post('/probe/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send(JSON.stringify(body))
        .expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', errorCode: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('P-8 answers 400 "Failed to decompress gzip body" for a broken gzip stream', async () => {
      const res = await t
        .http()
        .post('/probe/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(Buffer.from('definitely not gzip'))
        .expect(400);
      expect(res.body).toEqual({ error: 'Failed to decompress gzip body', errorCode: 'INVALID_GZIP', correlationId: expect.any(String) });
    });

    it('answers 400 "Invalid JSON in decompressed body" when the inflated bytes are not JSON', async () => {
      const res = await t
        .http()
        .post('/probe/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(gzipSync('not json'))
        .expect(400);
      expect(res.body.error).toBe('Invalid JSON in decompressed body');
    });

    it('P-9 answers 413 "Decompressed payload too large" for a gzip bomb, without inflating it all', async () => {
      const bomb = gzipSync(Buffer.alloc(25 * MiB, 0x20)); // ~25 KiB on the wire, over the 20 MiB default cap
      const res = await t
        .http()
        .post('/probe/raw')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(bomb)
        .expect(413);
      expect(res.body).toEqual({
        error: 'Decompressed payload too large',
        errorCode: 'DECOMPRESSED_TOO_LARGE',
        correlationId: expect.any(String),
      });
    });

    it('P-9 answers 413 for a plain body over the raw limit (framework shape)', async () => {
      const big = JSON.stringify({ blob: 'x'.repeat(21 * MiB) });
      const res = await t.http().post('/probe/raw').set('Content-Type', 'application/json').send(big).expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', errorCode: 'BODY_TOO_LARGE' });
      expect(res.body.message).toMatch(/exceeded \d+ byte limit/);
    });
  });

  describe('headers', () => {
    it('A-47 puts the security headers of accounts spec §7.4 on every response', async () => {
      for (const res of [
        await t.http().get('/health'),
        await t.http().get('/no-such-route'),
        await t.http().post('/probe/echo').send({}),
      ]) {
        const csp = res.headers['content-security-policy'];
        for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) {
          expect(csp).toContain(directive);
        }
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBeDefined();
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('gives every response a correlation id, and keeps a sane one the caller sent', async () => {
      const fresh = await t.http().get('/health');
      expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const echoed = await t.http().get('/health').set('X-Request-Id', 'trace-123');
      expect(echoed.headers['x-request-id']).toBe('trace-123');
      const refused = await t.http().get('/health').set('X-Request-Id', 'bad id with spaces');
      expect(refused.headers['x-request-id']).not.toBe('bad id with spaces');
    });

    it('puts the correlation id into error bodies (route, body-reader and framework errors), but not into the 401 body the spec fixes', async () => {
      const invalid = await t.http().post('/probe/echo').set('X-Request-Id', 'trace-400').send({ name: 42 }).expect(400);
      expect(invalid.body).toMatchObject({ errorCode: 'VALIDATION_FAILED', correlationId: 'trace-400' });
      const unreadable = await t.http().post('/probe/raw').set('Content-Type', 'application/json').send('{"a":').expect(400);
      expect(unreadable.body).toEqual({
        error: 'Invalid JSON body',
        errorCode: 'INVALID_JSON',
        correlationId: unreadable.headers['x-request-id'],
      });
      const unknown = await t.http().get('/api/nothing-here').expect(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, errorCode: 'NOT_FOUND', correlationId: unknown.headers['x-request-id'] });
      const unauthenticated = await t.http().get('/probe/me').set('X-Request-Id', 'trace-401').expect(401);
      expect(unauthenticated.headers['x-request-id']).toBe('trace-401');
      expect(unauthenticated.body).toEqual({ error: 'Missing or invalid Authorization header' });
    });

    it('answers unknown routes 404 in the framework shape', async () => {
      const res = await t.http().get('/api/nothing-here').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', errorCode: 'NOT_FOUND' });
    });
  });

  describe('CORS (accounts spec §7.5)', () => {
    const preflight = (origin: string) =>
      t
        .http()
        .options('/api/sync/ops')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,content-encoding');

    it('A-48 echoes a listed origin with credentials and the allowed headers', async () => {
      const res = await preflight('https://app.super-productivity.com');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://app.super-productivity.com');
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-allow-headers']).toMatch(/Content-Encoding/);
      expect(res.headers['access-control-max-age']).toBe('86400');
    });

    it('A-48 gives an unlisted origin no Access-Control-Allow-Origin', async () => {
      const res = await preflight('https://evil.example.org');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('A-49 matches a wildcard entry for exactly one label', async () => {
      expect((await preflight('https://a-1.example.com')).headers['access-control-allow-origin']).toBe('https://a-1.example.com');
      expect((await preflight('https://a.b.example.com')).headers['access-control-allow-origin']).toBeUndefined();
      expect((await preflight('https://evil.com.example.com')).headers['access-control-allow-origin']).toBeUndefined();
      expect((await preflight('https://example.com')).headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

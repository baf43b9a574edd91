import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { ApiError } from '../src/common/api-error';
import { BodyBudget } from '../src/common/body/body-budget';
import { readBody } from '../src/common/body/body-reader';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { sendPartOfBody } from './helpers/partial-body';
import { ProbeController } from './helpers/probe.controller';
import { createTestApp, TestApp } from './helpers/test-app';
import { waitUntil } from './helpers/waiting';

const MiB = 1024 * 1024;
const KiB = 1024;
const raw = (bytes: Buffer) => bytes as unknown as string;

async function listen(t: TestApp): Promise<string> {
  const server = t.app.getHttpServer() as http.Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('hostile bodies: read after the guards, capped while inflating, within a budget (issue 10)', () => {
  describe('refused before the body is read', () => {
    let t: TestApp;
    let base: string;
    beforeAll(async () => {
      t = await createTestApp({ controllers: [ProbeController] });
      base = await listen(t);
    });
    afterAll(() => t.close());

    it('I10-2 answers 401 to a request without a token while the client has sent 1 KiB of its 1 MiB body', async () => {
      const res = await sendPartOfBody(base, '/api/sync/ops', { declaredLength: MiB, firstPart: Buffer.alloc(KiB, 0x20) }).answer;
      expect(res.status).toBe(401);
    });

    it('I10-2 answers 401 to an unauthenticated gzip bomb without inflating it (the body is never complete)', async () => {
      const bomb = gzipSync(Buffer.alloc(59 * MiB, 0x20));
      const res = await sendPartOfBody(base, '/api/keys/k1', {
        method: 'PUT',
        headers: { 'Content-Encoding': 'gzip' },
        declaredLength: bomb.length,
        firstPart: bomb.subarray(0, bomb.length - 1),
      }).answer;
      expect(res.status).toBe(401);
    });

    it('I10-1 answers 429 over the rate limit while the client has sent 1 KiB of its body', async () => {
      const ip = '203.0.113.77';
      for (let i = 0; i < 5; i++) await t.http().post('/probe/limited').set('X-Forwarded-For', ip).send({}).expect(200);
      const res = await sendPartOfBody(base, '/probe/limited', {
        headers: { 'X-Forwarded-For': ip },
        declaredLength: 60 * KiB,
        firstPart: Buffer.alloc(KiB, 0x20),
      }).answer;
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ errorCode: 'TOO_MANY_REQUESTS' });
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
    });

    it('I10-2 caps bodies of public routes at 64 KiB, plain or inflated', async () => {
      const plain = await t
        .http()
        .post('/probe/raw')
        .send({ blob: 'x'.repeat(64 * KiB) })
        .expect(413);
      expect(plain.body).toMatchObject({ errorCode: 'BODY_TOO_LARGE', message: 'Request body exceeded 65536 byte limit' });
      const inflated = await t
        .http()
        .post('/probe/raw')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(raw)
        .send(gzipSync(JSON.stringify({ blob: 'x'.repeat(64 * KiB) })))
        .expect(413);
      expect(inflated.body.errorCode).toBe('DECOMPRESSED_TOO_LARGE');
      await t
        .http()
        .post('/probe/raw')
        .send({ blob: 'x'.repeat(60 * KiB) })
        .expect(200);
    });

    it('I10-2 still reads a large body on a route behind a token once the token is good', async () => {
      const user = await createVerifiedUser(t);
      const res = await t
        .http()
        .post('/api/sync/ops')
        .set('Authorization', `Bearer ${user.token}`)
        .send({ pad: 'x'.repeat(2 * MiB) })
        .expect(400);
      expect(res.body.errorCode).toBe('VALIDATION_FAILED');
    });
  });

  describe('inflation', () => {
    it('I10-2 stops inflating a bomb at the cap: no more than the limit is ever taken from the budget', async () => {
      const budget = new BodyBudget(256 * MiB);
      const limit = MiB;
      const bomb = gzipSync(Buffer.alloc(59 * MiB, 0x20));
      let heldAtRefusal = -1;
      const server = http.createServer((req, res) => {
        const lease = budget.lease();
        readBody(req, { raw: MiB, rawBase64: 2 * MiB, compressed: MiB, inflated: limit }, lease).then(
          () => res.writeHead(200).end('read'),
          (error: unknown) => {
            heldAtRefusal = budget.inUse;
            lease.release();
            res.writeHead(413).end(error instanceof ApiError ? error.entry.message : String(error));
          },
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const answer = await new Promise<{ status?: number; text: string }>((resolve, reject) => {
          const req = http.request({ host: '127.0.0.1', port, method: 'POST', headers: { 'Content-Encoding': 'gzip' } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode, text }));
          });
          req.on('error', reject);
          req.end(bomb);
        });
        expect(answer).toEqual({ status: 413, text: 'Decompressed payload too large' });
        // What the lease held when the reader gave up: the wire bytes plus at most `limit` inflated ones.
        expect(heldAtRefusal).toBeGreaterThan(bomb.length);
        expect(heldAtRefusal).toBeLessThanOrEqual(bomb.length + limit);
        expect(budget.inUse).toBe(0);
      } finally {
        server.close();
      }
    });

    it('I10-2 reads base64 text of gzip split at any byte into chunks', async () => {
      const t = await createTestApp({ controllers: [ProbeController] });
      try {
        const base = await listen(t);
        const body = { name: 'chunked', count: 7 };
        const text = gzipSync(JSON.stringify(body)).toString('base64');
        const answer = await new Promise<{ status?: number; text: string }>((resolve, reject) => {
          const req = http.request(
            `${base}/probe/echo`,
            {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Transfer-Encoding': 'base64' },
            },
            (res) => {
              let received = '';
              res.on('data', (chunk: Buffer) => (received += chunk.toString()));
              res.on('end', () => resolve({ status: res.statusCode, text: received }));
            },
          );
          req.on('error', reject);
          // Chunked transfer, 3 characters at a time: no chunk holds a whole base64 group in place.
          for (let i = 0; i < text.length; i += 3) req.write(text.slice(i, i + 3));
          req.end();
        });
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toEqual(body);
      } finally {
        await t.close();
      }
    });
  });

  describe('the process-wide budget', () => {
    let t: TestApp;
    let base: string;
    let user: TestUser;
    beforeAll(async () => {
      t = await createTestApp({ controllers: [ProbeController], env: { BODY_BUDGET_MB: '16' } });
      base = await listen(t);
      user = await createVerifiedUser(t);
    });
    afterAll(() => t.close());

    const upload = (bytes: number) =>
      t
        .http()
        .post('/api/sync/ops')
        .set('Authorization', `Bearer ${user.token}`)
        .set('X-Forwarded-For', '198.51.100.20')
        .send({ pad: 'x'.repeat(bytes - 10) });

    it('I10-3 answers 503 BODY_BUDGET_EXHAUSTED with Retry-After while other bodies hold the budget, and reads again once they are gone', async () => {
      // The holder sends 9.5 of its 10 MiB and never finishes; a 7 MiB upload does not fit beside it.
      // Either may be admitted first, so hold and probe until the probe is the one refused.
      const { holder, refused } = await waitUntil(async () => {
        const attempt = sendPartOfBody(base, '/api/sync/ops', {
          headers: { Authorization: `Bearer ${user.token}`, 'X-Forwarded-For': '198.51.100.21' },
          declaredLength: 10 * MiB,
          firstPart: Buffer.from(`{"pad":"${'x'.repeat(9.5 * MiB)}`),
        });
        const res = await upload(7 * MiB);
        if (res.status === 503 && !attempt.answered()) return { holder: attempt, refused: res };
        attempt.abort();
        return false;
      }, 'an upload refused beside a held body');
      expect(refused.body).toMatchObject({ errorCode: 'BODY_BUDGET_EXHAUSTED' });
      expect(refused.headers['retry-after']).toBe('1');

      holder.abort();
      const res = await waitUntil(async () => {
        const r = await upload(7 * MiB);
        return r.status !== 503 && r;
      }, 'the budget to be given back');
      expect(res.body.errorCode).toBe('VALIDATION_FAILED');
    });

    it('I10-3 gives the budget back after every answer: sequential uploads larger than half of it all get read', async () => {
      for (let i = 0; i < 4; i++) expect((await upload(9 * MiB)).body.errorCode).toBe('VALIDATION_FAILED');
    });
  });
});

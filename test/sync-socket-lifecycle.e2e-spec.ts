import jwt from 'jsonwebtoken';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { TEST_MODE_CONFIRMATION } from '../src/config/load-config';
import { createVerifiedUser } from './factories/user.factory';
import { freePort, startServer } from './helpers/processes';
import { SocketClient, socketUrl, upgradeStatus } from './helpers/socket-client';
import { SocketTestCluster } from './helpers/socket-cluster';
import { TestApp } from './helpers/test-app';
import { TEST_JWT_SECRET } from './helpers/test-config';
import { createTestDatabase } from './helpers/test-database';

/** An upgrade request with a target as written, which no WebSocket client would send. */
function rawUpgrade(base: string, target: string, ip: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({
      hostname,
      port,
      path: target,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'X-Forwarded-For': ip,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      reject(new Error(`${target} was upgraded`));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sync socket: upgrade rate limit, failures and shutdown', () => {
  describe('with rate limiting (protocol spec §1.5: 120 upgrades per minute per IP:clientId)', () => {
    let t: TestApp;
    let base: string;
    const cluster = SocketTestCluster.forTests(
      1,
      ([app]) => {
        t = app;
        base = cluster.base(app);
      },
      { env: { TRUST_PROXY: '1' } },
    );

    const upgradeFrom = (ip: string, query: Record<string, string>) =>
      upgradeStatus(socketUrl(base, query), { headers: { 'X-Forwarded-For': ip } });

    it('answers the 121st upgrade of one IP and clientId with HTTP 429 before upgrading; another clientId from that IP still upgrades', async () => {
      for (let i = 0; i < 120; i++) expect((await upgradeFrom('203.0.113.7', { clientId: 'E_flood' })).status).toBe(101);
      const refused = await upgradeFrom('203.0.113.7', { clientId: 'E_flood' });
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.body)).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Rate limit exceeded, retry in 1 minute',
        errorCode: 'TOO_MANY_REQUESTS',
      });
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.headers['x-ratelimit-limit']).toBe('120');
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
      expect((await upgradeFrom('203.0.113.7', { clientId: 'E_calm' })).status).toBe(101);
      expect((await upgradeFrom('203.0.113.99', { clientId: 'E_flood' })).status).toBe(101);
    });

    it('keys upgrades without a valid clientId by the IP alone', async () => {
      const invalid: Record<string, string>[] = [{}, { clientId: '' }, { clientId: 'not valid!' }];
      for (let i = 0; i < 120; i++) expect((await upgradeFrom('203.0.113.8', invalid[i % 3])).status).toBe(101);
      expect((await upgradeFrom('203.0.113.8', { clientId: 'x'.repeat(300) })).status).toBe(429);
      expect((await upgradeFrom('203.0.113.8', { clientId: 'E_valid' })).status).toBe(101);
    });

    it('closes the socket with 1011 "Internal error" when the token cannot be checked (database failure)', async () => {
      const user = await createVerifiedUser(t);
      await t.prisma.$executeRawUnsafe('ALTER TABLE users RENAME TO users_away');
      try {
        const client = await cluster.attempt(t, { token: user.token, clientId: 'E_unlucky' });
        expect(await client.waitForClose()).toEqual({ code: 1011, reason: 'Internal error' });
      } finally {
        await t.prisma.$executeRawUnsafe('ALTER TABLE users_away RENAME TO users');
      }
      await cluster.connect(t, user.token, 'E_unlucky');
    });

    it('answers 400 to an upgrade target that is no URL, and counts it against the IP', async () => {
      const malformed = () => rawUpgrade(base, '//x:y@/api/sync/ws', '203.0.113.9');
      for (let i = 0; i < 120; i++)
        expect(await malformed()).toEqual({ status: 400, body: expect.stringContaining('"errorCode":"INVALID_URL"') });
      expect((await malformed()).status).toBe(429);
    });

    it('answers 404 to an upgrade request for any other path', async () => {
      expect((await upgradeStatus(`${base}/api/sync/wss`)).status).toBe(404);
    });
  });

  it('does not rate-limit upgrades in TEST_MODE', async () => {
    const cluster = new SocketTestCluster();
    const [t] = await cluster.start(1, { env: { TEST_MODE: 'true', TEST_MODE_CONFIRM: TEST_MODE_CONFIRMATION } });
    try {
      for (let i = 0; i < 125; i++) expect((await upgradeStatus(socketUrl(cluster.base(t), { clientId: 'E_tester' }))).status).toBe(101);
    } finally {
      await cluster.stop();
    }
  });

  it('works on the compiled server started by main.ts, which closes its sockets with 1001 on SIGTERM', async () => {
    const db = await createTestDatabase();
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-socket-'));
    const server = startServer({
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_JWT_SECRET,
      DATA_DIR: dataDir,
    });
    try {
      const pg = new Client({ connectionString: db.url });
      await pg.connect();
      const { rows } = await pg.query<{ id: number }>(
        `INSERT INTO users (email, is_verified) VALUES ('socket@example.com', 1) RETURNING id`,
      );
      await pg.end();
      const token = jwt.sign({ userId: rows[0].id, email: 'socket@example.com', tokenVersion: 0 }, TEST_JWT_SECRET, {
        algorithm: 'HS256',
        expiresIn: '365d',
      });
      await server.waitFor(/OpSync listening/);
      const client = await SocketClient.connect(`ws://127.0.0.1:${port}`, token, 'E_main');
      expect(client.messages[0]).toMatchObject({ type: 'connected', userId: rows[0].id });
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(await client.waitForClose()).toEqual({ code: 1001, reason: 'Server shutting down' });
    } finally {
      await server.stop();
      await db.drop();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, runNode, startServer } from './helpers/processes';
import { TEST_JWT_SECRET } from './helpers/test-config';
import { createTestDatabase } from './helpers/test-database';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-startup-'));

describe('server start-up (compiled server in its own process)', () => {
  it('A-1 A-2 refuses to start with bad configuration: exit code 1 and one message listing every problem', async () => {
    const result = await runNode('dist/src/main.js', [], {
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://sync.example.com',
      CORS_ORIGINS: '*',
      PORT: 'seventy',
      JWT_SECRET: 'short',
      PRIVACY_CONTACT_NAME: 'Jane',
      TEST_MODE: 'true',
      DATA_DIR: tempDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    for (const fragment of [
      'PORT',
      'JWT_SECRET must be at least 32 characters',
      'PUBLIC_URL must be https://',
      'CORS_ORIGINS=* is refused',
      'PRIVACY_*',
      'TEST_MODE',
    ]) {
      expect(result.stderr).toContain(fragment);
    }
  });

  it('A-1 refuses to start in production without JWT_SECRET', async () => {
    const result = await runNode('dist/src/main.js', [], {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://sync.example.com',
      DATA_DIR: tempDir(),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('JWT_SECRET is required in production');
  });

  it('applies migrations at start-up against DATABASE_URL and serves /health', async () => {
    const db = await createTestDatabase({ migrated: false });
    const port = await freePort();
    const server = startServer({ DATABASE_URL: db.url, PORT: String(port), JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: tempDir() });
    try {
      await server.waitFor(/OpSync listening/);
      expect(server.output()).toMatch(/Applied migrations: \d+_init/);
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(await res.json()).toMatchObject({ status: 'ok', db: 'connected' });
    } finally {
      await server.stop();
      await db.drop();
    }
  });

  it('without DATABASE_URL starts the embedded PostgreSQL, stops it on SIGTERM and finds the data again on the next start', async () => {
    const dataDir = tempDir();
    fs.chmodSync(dataDir, 0o755);
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir };

    const first = startServer(env);
    const [, firstUrl] = await first.waitFor(/data lives in .* \((postgresql:\/\/[^)]+)\)/, 60_000);
    await first.waitFor(/OpSync listening/);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    const withPassword = (url: string) => url.replace(':***@', `:${encodeURIComponent(password)}@`);
    const c1 = new Client({ connectionString: withPassword(firstUrl) });
    await c1.connect();
    await c1.query(`INSERT INTO users (email, is_verified) VALUES ('kept@example.com', 1)`);
    await c1.end();
    await first.stop('SIGTERM');
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false); // cleanly stopped

    const second = startServer(env);
    try {
      const [, secondUrl] = await second.waitFor(/data lives in .* \((postgresql:\/\/[^)]+)\)/, 60_000);
      await second.waitFor(/OpSync listening/);
      expect(second.output()).toContain('Database schema is up to date');
      const c2 = new Client({ connectionString: withPassword(secondUrl) });
      await c2.connect();
      const { rows } = await c2.query(`SELECT email FROM users WHERE email = 'kept@example.com'`);
      await c2.end();
      expect(rows).toHaveLength(1);
    } finally {
      await second.stop('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

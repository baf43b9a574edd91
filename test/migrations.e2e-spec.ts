import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations, MigrationError, migrationStatus, MIGRATIONS_DIR } from '../src/database/migrate';
import { freePort, runNode, startServer } from './helpers/processes';
import { TEST_JWT_SECRET } from './helpers/test-config';
import { createTestDatabase } from './helpers/test-database';

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const migrationNames = () =>
  fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe('migrations (own runner, Prisma-compatible history)', () => {
  it('two processes migrating one empty database at once apply each migration exactly once', async () => {
    const db = await createTestDatabase({ migrated: false });
    try {
      const runs = await Promise.all(
        [1, 2].map(() => runNode('dist/scripts/migrate.js', [], { DATABASE_URL: db.url, DATA_DIR: os.tmpdir() })),
      );
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      const rows = await query<{ migration_name: string; n: string; finished: boolean }>(
        db.url,
        'SELECT migration_name, count(*) AS n, bool_and(finished_at IS NOT NULL) AS finished FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrationNames());
      expect(rows.every((r) => r.n === '1' && r.finished)).toBe(true);
      // One of the two did the work; the other waited on the lock and found nothing pending.
      expect(runs.map((r) => r.stdout.trim()).sort()).toEqual(
        [`applied ${migrationNames().join(', ')}`, 'database schema is up to date'].sort(),
      );
    } finally {
      await db.drop();
    }
  });

  it('records checksums Prisma-style (SHA-256 of migration.sql) and `migrate --status` lists applied and pending', async () => {
    const db = await createTestDatabase({ migrated: false });
    try {
      const before = await runNode('dist/scripts/migrate.js', ['--status'], { DATABASE_URL: db.url, DATA_DIR: os.tmpdir() });
      expect(before.code).toBe(1);
      expect(before.stdout).toContain(`pending   ${migrationNames()[0]}`);
      await applyMigrations(db.url);
      const after = await runNode('dist/scripts/migrate.js', ['--status'], { DATABASE_URL: db.url, DATA_DIR: os.tmpdir() });
      expect(after.code).toBe(0);
      expect(after.stdout).toContain(`applied   ${migrationNames()[0]}`);
      const [row] = await query<{ checksum: string; applied_steps_count: number }>(
        db.url,
        'SELECT checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name LIMIT 1',
      );
      const sha = createHash('sha256')
        .update(fs.readFileSync(path.join(MIGRATIONS_DIR, migrationNames()[0], 'migration.sql')))
        .digest('hex');
      expect(row).toEqual({ checksum: sha, applied_steps_count: 1 });
    } finally {
      await db.drop();
    }
  });

  it('a failing migration is recorded with its error and later runs refuse to continue', async () => {
    const db = await createTestDatabase({ migrated: false });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-migrations-'));
    fs.mkdirSync(path.join(dir, '001_good'));
    fs.writeFileSync(path.join(dir, '001_good', 'migration.sql'), 'CREATE TABLE good (id int);');
    fs.mkdirSync(path.join(dir, '002_bad'));
    fs.writeFileSync(path.join(dir, '002_bad', 'migration.sql'), 'CREATE TABLE bad (id int); SELECT no_such_function();');
    try {
      await expect(applyMigrations(db.url, dir)).rejects.toThrow(/migration 002_bad failed: function no_such_function\(\) does not exist/);
      const status = await migrationStatus(db.url, dir);
      expect(status).toMatchObject({ applied: ['001_good'], failed: ['002_bad'] });
      // The failed script's own statements were rolled back with it.
      expect(await query(db.url, `SELECT to_regclass('bad') AS t`)).toEqual([{ t: null }]);
      const [log] = await query<{ logs: string }>(db.url, `SELECT logs FROM "_prisma_migrations" WHERE migration_name = '002_bad'`);
      expect(log.logs).toContain('no_such_function');
      await expect(applyMigrations(db.url, dir)).rejects.toBeInstanceOf(MigrationError);
    } finally {
      await db.drop();
    }
  });

  it('a failed migration in the database stops server start-up with exit code 1 and a clear message', async () => {
    const db = await createTestDatabase();
    try {
      await query(db.url, `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = '${migrationNames()[0]}'`);
      const server = startServer({
        DATABASE_URL: db.url,
        PORT: String(await freePort()),
        JWT_SECRET: TEST_JWT_SECRET,
        DATA_DIR: os.tmpdir(),
      });
      await server.waitFor(/Start-up stopped: migration .* failed earlier/);
      expect(await server.exited).toBe(1);
    } finally {
      await db.drop();
    }
  });
});

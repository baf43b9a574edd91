import { Client } from 'pg';
import { runNode } from './helpers/processes';
import { createTestDatabase } from './helpers/test-database';

/**
 * Indexes and constraints that Prisma's schema language cannot express (partial indexes, CHECKs):
 * they live only in migrations. Keep this list short and explained.
 */
const MIGRATION_ONLY = new Set<string>([
  // Partial index over a user's full-state ops (operations module): Prisma has no `where` on @@index.
  'operations_full_state_idx',
]);

const CATALOG = `
  SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
         || ' ' || is_nullable || ' default=' || coalesce(column_default, '-') AS item
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
  UNION ALL
  SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  UNION ALL
  SELECT 'constraint ' || conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace AND conrelid <> coalesce(to_regclass('public._prisma_migrations'), 0)::oid
  ORDER BY 1`;

async function catalog(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ item: string }>(CATALOG)).rows
      .map((r) => r.item)
      .filter((item) => ![...MIGRATION_ONLY].some((name) => item.includes(name)));
  } finally {
    await client.end();
  }
}

describe('schema.prisma and prisma/migrations agree', () => {
  it('the schema built from schema.prisma equals the schema built by the migrations', async () => {
    const fromSchema = await createTestDatabase({ migrated: false });
    const fromMigrations = await createTestDatabase();
    try {
      const diff = await runNode('scripts/schema-engine.mjs', ['diff-empty'], { DATABASE_URL: fromSchema.url });
      expect(diff.stderr).toBe('');
      expect(diff.code).toBe(0);
      const client = new Client({ connectionString: fromSchema.url });
      await client.connect();
      await client.query(diff.stdout);
      await client.end();
      expect(await catalog(fromMigrations.url)).toEqual(await catalog(fromSchema.url));
      expect((await catalog(fromMigrations.url)).length).toBeGreaterThan(10);
    } finally {
      await fromSchema.drop();
      await fromMigrations.drop();
    }
  });
});

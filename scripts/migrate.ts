/**
 * npm run migrate            apply pending migrations (what the server also does at start-up)
 * npm run migrate:status     list applied, pending, failed and modified migrations; exit 1 if any is pending or failed
 *
 * Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR when it is not set.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../src/config';
import { applyMigrations, migrationStatus, resolveDatabase } from '../src/database';
import { AppLogger } from '../src/logging';

async function main(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log('usage: npm run migrate [-- --status]');
    return 0;
  }
  const unknown = args.filter((a) => a !== '--status');
  if (unknown.length > 0) {
    console.error(`unknown argument: ${unknown.join(' ')} (see --help)`);
    return 2;
  }
  const config = loadConfig();
  const logger = new AppLogger(config.logFormat, 'warn');
  const { config: resolved, embedded } = await resolveDatabase(config, logger);
  try {
    if (args.includes('--status')) {
      const status = await migrationStatus(resolved.databaseUrl!);
      for (const name of status.applied)
        console.log(`applied   ${name}${status.modified.includes(name) ? '  (file changed since it was applied!)' : ''}`);
      for (const name of status.pending) console.log(`pending   ${name}`);
      for (const name of status.failed) console.log(`FAILED    ${name}`);
      console.log(`${status.applied.length} applied, ${status.pending.length} pending, ${status.failed.length} failed`);
      return status.pending.length === 0 && status.failed.length === 0 ? 0 : 1;
    }
    const applied = await applyMigrations(resolved.databaseUrl!);
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'database schema is up to date');
    return 0;
  } finally {
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError ? error.message : `migrate failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);

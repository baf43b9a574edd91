import { LoggerService } from '@nestjs/common';
import { AppConfig } from '../config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { redactDatabaseUrl } from './redact-url';

export interface ResolvedDatabase {
  /** The config with `databaseUrl` set. */
  config: AppConfig;
  /** The embedded server this process started, if DATABASE_URL was not set. */
  embedded?: EmbeddedDatabase;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR/pg, started here and
 * stopped by whoever holds `embedded`. Used by the server and by every operator script.
 */
export async function resolveDatabase(config: AppConfig, logger: LoggerService): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    logger.log(`Using PostgreSQL at ${redactDatabaseUrl(config.databaseUrl)}`, 'Database');
    return { config };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  logger.log(`Embedded PostgreSQL started; data lives in ${embedded.dataDir} (${redactDatabaseUrl(embedded.url)})`, 'Database');
  return { config: config.with({ databaseUrl: embedded.url }), embedded };
}

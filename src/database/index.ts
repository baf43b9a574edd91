/** PostgreSQL: the Prisma client every repository uses, migrations, advisory lock ids, the embedded server. */
export { resolveDatabase } from './database-connection';
export { DatabaseModule } from './database.module';
export { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded-postgres';
export { AdvisoryLock } from './locks';
export { applyMigrations, MigrationError, migrationStatus } from './migrate';
export { POOL_APPLICATION_NAME, PrismaService } from './prisma.service';
export type { Db, PoolUsage } from './prisma.service';
export { projectPath } from './project-path';
export { redactDatabaseUrl } from './redact-url';

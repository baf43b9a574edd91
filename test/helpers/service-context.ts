import { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CliModule } from '../../src/cli/cli.module';
import { AppConfig } from '../../src/config/app-config';
import { PrismaService } from '../../src/database/prisma.service';
import { createTestDatabase, TestDatabase } from './test-database';
import { testConfig } from './test-config';

export interface ServiceContext {
  config: AppConfig;
  db: TestDatabase;
  prisma: PrismaService;
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

export interface ServiceContextOptions {
  env?: Record<string, string>;
  /** Use this database (e.g. an e2e app's) instead of a fresh clone of the template. */
  db?: TestDatabase;
}

/**
 * The services of `features` on a real database, without HTTP: the context an operator script runs in
 * (CliModule: config, database, auth base, audit, event bus, plus the features). For the service test
 * tier and for e2e checks of what a script gets. Close it in afterAll.
 */
export async function createServiceContext(features: Type<unknown>[], options: ServiceContextOptions = {}): Promise<ServiceContext> {
  const db = options.db ?? (await createTestDatabase());
  const config = testConfig(db.url, options.env);
  const context = await Test.createTestingModule({ imports: [CliModule.forRoot(config, features)] }).compile();
  // Quiet like the e2e apps: an expected failure a test provokes is not log noise.
  context.useLogger(false);
  await context.init();
  return {
    config,
    db,
    prisma: context.get(PrismaService),
    get: (type) => context.get(type),
    close: async () => {
      await context.close();
      if (!options.db) await db.drop();
    },
  };
}

import { INestApplication, LoggerService, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { assertAuditRowsClean } from './audit-scan';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/common/configure-app';
import { AppConfig } from '../../src/config/app-config';
import { documentApi } from '../../src/openapi';
import { PrismaService } from '../../src/database/prisma.service';
import { createTestDatabase, TestDatabase } from './test-database';
import { testConfig } from './test-config';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  prisma: PrismaService;
  http: () => ReturnType<typeof request>;
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  /** Use this database instead of a fresh clone (several instances on one database). */
  db?: TestDatabase;
  /** Extra controllers mounted for the test (e.g. a probe route behind the guard). */
  controllers?: Type<unknown>[];
  /** Providers replaced by a value (e.g. faster clocks than production's). */
  providerOverrides?: { provide: unknown; useValue: unknown }[];
  logger?: LoggerService | false;
}

/**
 * The full AppModule with the production request pipeline (configureApp) on its own database,
 * cloned from the migrated template. Close it in afterAll.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = testConfig(db.url, options.env);
  const builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
    controllers: options.controllers ?? [],
  });
  for (const { provide, useValue } of options.providerOverrides ?? []) builder.overrideProvider(provide).useValue(useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: options.logger ?? false });
  configureApp(app);
  documentApi(app);
  await app.init();
  return {
    app,
    config,
    db,
    prisma: app.get(PrismaService),
    http: () => request(app.getHttpServer()),
    get: (type) => app.get(type),
    close: async () => {
      // The owner of the database checks every audit row the file wrote, while it can still read them.
      const scan = options.db ? Promise.resolve() : assertAuditRowsClean(app.get(PrismaService));
      await scan.finally(async () => {
        await app.close();
        if (!options.db) await db.drop();
      });
    },
  };
}

/**
 * Two instances of the app on one database (the twin on the first's), for what must hold across
 * instances: made before the file's tests and handed to `ready`, closed after them.
 */
export function useTwinApps(
  ready: (apps: { t: TestApp; twin: TestApp }) => void,
  options: TestAppOptions = {},
  twinOptions = options,
): void {
  let apps: { t: TestApp; twin: TestApp } | undefined;
  beforeAll(async () => {
    const t = await createTestApp(options);
    apps = { t, twin: await createTestApp({ ...twinOptions, db: t.db }) };
    ready(apps);
  });
  afterAll(async () => {
    await apps?.twin.close();
    await apps?.t.close();
  });
}

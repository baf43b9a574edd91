import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig, TEST_MODE_CONFIRMATION } from '../../src/config/load-config';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** Environment without rate limits (TEST_MODE), for files that upload a lot. */
export const UNLIMITED = { TEST_MODE: 'true', TEST_MODE_CONFIRM: TEST_MODE_CONFIRMATION } as const;

/**
 * The config an e2e app runs with: development defaults plus the given environment variables. The app
 * stands behind one trusted proxy hop, as in docker-compose.yml, so tests can give each request its own
 * client address with X-Forwarded-For; `TRUST_PROXY: undefined` runs it as a directly exposed server.
 */
export function testConfig(databaseUrl: string, env: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: databaseUrl,
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-data-')),
    LOG_LEVEL: 'error',
    TRUST_PROXY: '1',
    ...env,
  });
}

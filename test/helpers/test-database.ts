import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.OPSYNC_TEST_ADMIN_URL;
  if (!url) throw new Error('OPSYNC_TEST_ADMIN_URL is not set: run e2e and service tests through jest (test/global-setup.mjs)');
  return url;
}

function urlFor(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery<T extends Record<string, unknown> = Record<string, unknown>>(sql: string): Promise<T[]> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file: a clone of the migrated template, or empty (`migrated: false`). */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `opsync_t_${randomBytes(6).toString('hex')}`;
  const template = options.migrated === false ? 'template0' : process.env.OPSYNC_TEST_TEMPLATE;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return { name, url: urlFor(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined) };
}

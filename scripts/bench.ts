/**
 * npm run bench [-- --large]
 *
 * Measures the sync hot paths through the real HTTP server and, in the same run and on the same
 * database and tables, the same work as plain SQL (the physical baseline):
 *   (a) upload ops/s, 100-op requests of encrypted ops, 1 and 4 concurrent clients of one user;
 *   (b) download rows/s, paging GET /api/sync/ops with limit=500;
 *   (d) time per 500-op page for a user with 10k stored ops (and 1M with --large).
 * Uses DATABASE_URL's server (a scratch database is created and dropped) or a throw-away embedded
 * PostgreSQL. Prints a table and writes the figures as JSON under bench-results/.
 * Rate limits are off for the run (TEST_MODE), so it measures the sync work, not the limiter; its
 * accounts come from the TEST_MODE route that creates them.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/common';
import { loadConfig } from '../src/config';
import { applyMigrations, projectPath, startEmbeddedPostgres } from '../src/database';
import { makeOps } from './bench/encrypted-ops';
import { SyncHttpClient } from './bench/http-client';
import { RawSqlBaseline } from './bench/raw-sql-baseline';
import { createTestUser } from './bench/test-user';

const OPS_PER_REQUEST = 100;
const REQUESTS_PER_CLIENT = 40;
const PAGE = 500;
const DOWNLOAD_OPS = 20_000;
const PAGE_SAMPLES = 30;

interface Figure {
  workload: string;
  unit: string;
  http: number;
  rawSql: number;
  /** http / rawSql for throughputs, rawSql / http for times: 1 = as fast as plain SQL. */
  ratio: number;
}

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const config = loadConfig();
  let adminUrl = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-bench-'));
    fs.chmodSync(dir, 0o755);
    const embedded = await startEmbeddedPostgres(dir);
    adminUrl = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `opsync_bench_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      await stopEmbedded?.();
    },
  };
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** `clients` devices of one user upload REQUESTS_PER_CLIENT requests of 100 ops each, all at once. */
async function uploadRate(clients: number, upload: (clientId: string, counter: number) => Promise<void>): Promise<number> {
  const elapsed = await seconds(() =>
    Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let r = 0; r < REQUESTS_PER_CLIENT; r++) await upload(`B_bench${c}`, 1 + r * OPS_PER_REQUEST);
      }),
    ),
  );
  return (clients * REQUESTS_PER_CLIENT * OPS_PER_REQUEST) / elapsed;
}

async function downloadRate(total: number, page: (since: number) => Promise<{ rows: number; lastSeq: number }>): Promise<number> {
  let rows = 0;
  const elapsed = await seconds(async () => {
    for (let since = 0; since < total;) {
      const got = await page(since);
      rows += got.rows;
      since = got.lastSeq;
    }
  });
  return rows / elapsed;
}

/** Mean milliseconds per 500-op page at spread-out cursors of a log of `size` ops, once those pages are cached. */
async function pageMillis(size: number, page: (since: number) => Promise<unknown>): Promise<number> {
  const cursors = Array.from({ length: PAGE_SAMPLES }, (_, i) => Math.floor(((i + 0.5) / PAGE_SAMPLES) * (size - PAGE)));
  // Warm every sampled page first: the figure is the steady per-page cost, not the first disk read.
  for (const c of cursors) await page(c);
  return (
    ((await seconds(async () => {
      for (const c of cursors) await page(c);
    })) *
      1000) /
    PAGE_SAMPLES
  );
}

async function main(): Promise<void> {
  const large = process.argv.includes('--large');
  const db = await scratchDatabase();
  await applyMigrations(db.url);
  const config = loadConfig().with({ databaseUrl: db.url, testMode: true });
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const pool = new Pool({ connectionString: db.url, max: 8 });
  const sql = new RawSqlBaseline(pool);
  const newUser = async (label: string) => {
    const user = await createTestUser(baseUrl, `${label}-${Date.now()}@bench.example`);
    return { id: user.userId, http: new SyncHttpClient(baseUrl, user.token) };
  };
  const figures: Figure[] = [];
  const add = (workload: string, unit: string, http: number, rawSql: number, higherIsBetter: boolean) =>
    figures.push({ workload, unit, http, rawSql, ratio: higherIsBetter ? http / rawSql : rawSql / http });

  try {
    for (const clients of [1, 4]) {
      const httpUser = await newUser(`http${clients}`);
      const sqlUser = await newUser(`sql${clients}`);
      let request = 0;
      const http = await uploadRate(clients, (clientId, counter) =>
        httpUser.http.upload(clientId, makeOps(clientId, counter, OPS_PER_REQUEST), `bench-${clients}-${request++}`).then(() => undefined),
      );
      const raw = await uploadRate(clients, (clientId, counter) => sql.upload(sqlUser.id, makeOps(clientId, counter, OPS_PER_REQUEST)));
      add(`(a) upload, ${clients} client${clients > 1 ? 's' : ''}`, 'ops/s', http, raw, true);
    }

    const reader = await newUser('download');
    await sql.seed(reader.id, DOWNLOAD_OPS);
    add(
      '(b) download, 500-op pages',
      'rows/s',
      await downloadRate(DOWNLOAD_OPS, (since) => reader.http.page(since, PAGE)),
      await downloadRate(DOWNLOAD_OPS, async (since) => ({ rows: await sql.page(reader.id, since, PAGE), lastSeq: since + PAGE })),
      true,
    );

    for (const size of large ? [10_000, 1_000_000] : [10_000]) {
      const owner = await newUser(`pages${size}`);
      await sql.seed(owner.id, size);
      add(
        `(d) one page, ${size.toLocaleString('en')} ops stored`,
        'ms/page',
        await pageMillis(size, (since) => owner.http.page(since, PAGE)),
        await pageMillis(size, (since) => sql.page(owner.id, since, PAGE)),
        false,
      );
    }
  } finally {
    await pool.end();
    await app.close();
    await db.drop();
  }

  report(figures, large);
}

function report(figures: Figure[], large: boolean): void {
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));
  const rows = figures.map((f) => [f.workload, `${fmt(f.http)} ${f.unit}`, `${fmt(f.rawSql)} ${f.unit}`, `${(f.ratio * 100).toFixed(0)}%`]);
  const header = ['workload', 'OpSync (HTTP)', 'raw SQL (pg)', 'of raw SQL'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
  const pages = figures.filter((f) => f.workload.startsWith('(d)'));
  if (pages.length === 2) console.log(`\nper-page cost at 1M vs 10k stored ops (HTTP): ${(pages[1].http / pages[0].http).toFixed(2)}x`);
  const dir = projectPath('bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), large, node: process.version, cpus: os.cpus().length, figures }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);

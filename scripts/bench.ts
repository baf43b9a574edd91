/**
 * npm run bench [-- --large] [-- --profile]
 *
 * Measures the sync hot paths through the real HTTP server — started as a user starts it, in its own
 * process — and, in the same run and on the same database and tables, the same work as plain SQL
 * (the physical baseline):
 *   (a) upload ops/s, 100-op requests of encrypted ops: 1 client; 4 clients as devices of one account
 *       (they queue on that account's lock, in HTTP and SQL alike); 4 clients of 4 accounts;
 *   (b) download rows/s, paging GET /api/sync/ops with limit=500: 1 reader; 4 readers of 4 accounts;
 *   (c) the same 4-account workloads against 2 server instances on one database;
 *   (d) time per 500-op page for a user with 10k stored ops (and 1M with --large);
 *   (e) peak RSS growth of the server during a restore that replays 100,000 ops.
 * --profile writes a CPU profile of the (first) server process under bench-results/profiles/.
 * Uses DATABASE_URL's server (a scratch database is created and dropped) or a throw-away embedded
 * PostgreSQL. Prints a table and writes the figures as JSON under bench-results/.
 * Rate limits are off for the run (TEST_MODE), so it measures the sync work, not the limiter; its
 * accounts come from the TEST_MODE route that creates them.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { loadConfig } from '../src/config';
import { applyMigrations, projectPath, startEmbeddedPostgres } from '../src/database';
import { makeOps } from './bench/encrypted-ops';
import { SyncHttpClient } from './bench/http-client';
import { RawSqlBaseline } from './bench/raw-sql-baseline';
import { ServerProcess } from './bench/server-process';
import { createTestUser } from './bench/test-user';

const OPS_PER_REQUEST = 100;
const REQUESTS_PER_CLIENT = 40;
const PAGE = 500;
const DOWNLOAD_OPS = 20_000;
const PAGE_SAMPLES = 30;
const RESTORE_OPS = 100_000;
const MB = 1024 * 1024;

interface Figure {
  workload: string;
  unit: string;
  http: number;
  /** Absent where plain SQL has no equivalent (memory of the server process). */
  rawSql?: number;
  /** http / rawSql for throughputs, rawSql / http for times: 1 = as fast as plain SQL. */
  ratio?: number;
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

/** Client c uploads REQUESTS_PER_CLIENT requests of 100 ops each as device `B_bench<c>`, all clients at once. */
async function uploadRate(clients: number, upload: (client: number, counter: number) => Promise<void>): Promise<number> {
  const elapsed = await seconds(() =>
    Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let r = 0; r < REQUESTS_PER_CLIENT; r++) await upload(c, 1 + r * OPS_PER_REQUEST);
      }),
    ),
  );
  return (clients * REQUESTS_PER_CLIENT * OPS_PER_REQUEST) / elapsed;
}

type PageRead = (since: number) => Promise<{ rows: number; lastSeq: number }>;

/** `readers` concurrent readers each page through their own log of `total` ops; rows/s of all together. */
async function downloadRate(total: number, readers: PageRead[]): Promise<number> {
  let rows = 0;
  const elapsed = await seconds(() =>
    Promise.all(
      readers.map(async (page) => {
        for (let since = 0; since < total;) {
          const got = await page(since);
          rows += got.rows;
          since = got.lastSeq;
        }
      }),
    ),
  );
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
  const profileDir = process.argv.includes('--profile') ? projectPath('bench-results/profiles') : undefined;
  const db = await scratchDatabase();
  await applyMigrations(db.url);
  const first = await ServerProcess.start(db.url, { cpuProfileDir: profileDir });
  let second: ServerProcess | undefined;
  const pool = new Pool({ connectionString: db.url, max: 8 });
  const sql = new RawSqlBaseline(pool);
  let users = 0;
  const newUser = async (label: string, server: ServerProcess = first) => {
    const user = await createTestUser(server.baseUrl, `${label}-${users++}-${Date.now()}@bench.example`);
    return { id: user.userId, token: user.token, http: new SyncHttpClient(server.baseUrl, user.token) };
  };
  type User = Awaited<ReturnType<typeof newUser>>;
  const figures: Figure[] = [];
  const add = (workload: string, unit: string, http: number, rawSql: number, higherIsBetter: boolean) =>
    figures.push({ workload, unit, http, rawSql, ratio: higherIsBetter ? http / rawSql : rawSql / http });

  /** One HTTP run and one SQL run of `clients` uploaders; client c uses account c % accounts, through server c % servers. */
  const uploads = async (workload: string, clients: number, accounts: number, servers: ServerProcess[]) => {
    const httpUsers = await Promise.all(Array.from({ length: accounts }, () => newUser('http')));
    const sqlUsers = await Promise.all(Array.from({ length: accounts }, () => newUser('sql')));
    const via = (user: User, c: number) => new SyncHttpClient(servers[c % servers.length].baseUrl, user.token);
    const httpClients = Array.from({ length: clients }, (_, c) => via(httpUsers[c % accounts], c));
    let request = 0;
    const http = await uploadRate(clients, (c, counter) =>
      httpClients[c].upload(`B_bench${c}`, makeOps(`B_bench${c}`, counter, OPS_PER_REQUEST), `bench-${request++}`).then(() => undefined),
    );
    const raw = await uploadRate(clients, (c, counter) =>
      sql.upload(sqlUsers[c % accounts].id, makeOps(`B_bench${c}`, counter, OPS_PER_REQUEST)),
    );
    add(workload, 'ops/s', http, raw, true);
  };

  /** One HTTP run and one SQL run of `readers` readers of their own account each, reader r through server r % servers. */
  const downloads = async (workload: string, readers: number, servers: ServerProcess[]) => {
    const owners = await Promise.all(Array.from({ length: readers }, () => newUser('download')));
    for (const owner of owners) await sql.seed(owner.id, DOWNLOAD_OPS);
    const http = owners.map((owner, r) => {
      const client = new SyncHttpClient(servers[r % servers.length].baseUrl, owner.token);
      return (since: number) => client.page(since, PAGE);
    });
    const raw = owners.map((owner) => async (since: number) => ({ rows: await sql.page(owner.id, since, PAGE), lastSeq: since + PAGE }));
    add(workload, 'rows/s', await downloadRate(DOWNLOAD_OPS, http), await downloadRate(DOWNLOAD_OPS, raw), true);
  };

  /**
   * Untimed uploads and page reads through `server`: a process that has served nothing yet runs its
   * first requests unoptimised, which would be counted as the cost of a second instance.
   */
  const warmUp = async (server: ServerProcess) => {
    const user = await newUser('warm-up', server);
    for (let r = 0; r < REQUESTS_PER_CLIENT; r++)
      await user.http.upload('B_warm', makeOps('B_warm', 1 + r * OPS_PER_REQUEST, OPS_PER_REQUEST), `warm-${r}`);
    for (let since = 0; since < REQUESTS_PER_CLIENT * OPS_PER_REQUEST; since += PAGE) await user.http.page(since, PAGE);
  };

  try {
    // Both instances start now and are warmed the same way, so (c) compares warm processes only.
    second = await ServerProcess.start(db.url);
    await warmUp(first);
    await warmUp(second);
    await uploads('(a) upload, 1 client', 1, 1, [first]);
    await uploads('(a) upload, 4 clients of 1 account', 4, 1, [first]);
    await uploads('(a) upload, 4 clients of 4 accounts', 4, 4, [first]);
    await downloads('(b) download, 1 reader', 1, [first]);
    await downloads('(b) download, 4 readers of 4 accounts', 4, [first]);

    await uploads('(c) upload, 4 accounts, 2 instances', 4, 4, [first, second]);
    await downloads('(c) download, 4 readers, 2 instances', 4, [first, second]);
    await second.stop();
    second = undefined;

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

    const restorer = await newUser('restore');
    await sql.seed(restorer.id, RESTORE_OPS, 'plaintext');
    const before = first.rssBytes();
    first.resetPeak();
    await restorer.http.restore(RESTORE_OPS);
    figures.push({
      workload: `(e) restore over ${RESTORE_OPS.toLocaleString('en')} ops, peak RSS growth`,
      unit: 'MB',
      http: (first.peakRssBytes() - before) / MB,
    });
  } finally {
    await pool.end();
    await second?.stop();
    await first.stop();
    await db.drop();
  }

  report(figures, large);
}

function report(figures: Figure[], large: boolean): void {
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));
  const rows = figures.map((f) => [
    f.workload,
    `${fmt(f.http)} ${f.unit}`,
    f.rawSql !== undefined ? `${fmt(f.rawSql)} ${f.unit}` : '-',
    f.ratio !== undefined ? `${(f.ratio * 100).toFixed(0)}%` : '-',
  ]);
  const header = ['workload', 'OpSync (HTTP)', 'raw SQL (pg)', 'of raw SQL'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
  console.log(
    `\n(c) runs 2 server processes on this machine's ${os.cpus().length} cores: with the load generator and PostgreSQL on the same cores,` +
      ' it shows only the cost of coordination between instances, not how far a second machine would scale.',
  );
  const pages = figures.filter((f) => f.workload.startsWith('(d)'));
  if (pages.length === 2) console.log(`per-page cost at 1M vs 10k stored ops (HTTP): ${(pages[1].http / pages[0].http).toFixed(2)}x`);
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

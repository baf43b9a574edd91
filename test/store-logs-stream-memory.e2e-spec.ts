import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, RunningServer, startServer } from './helpers/processes';
import { TEST_JWT_SECRET } from './helpers/test-config';
import { createTestDatabase, TestDatabase } from './helpers/test-database';

/**
 * The log the test streams: by default 100,000 entries of 1 KiB base64 data, an NDJSON body of about
 * 112 MB, more than the 100 MB bound, so a server that buffered the stream could not pass; it streamed in
 * 11–77 s on a loaded 2-core machine. O-22's 1,000,000 entries: LOG_STREAM_ENTRIES=1000000 (by hand).
 * Measured here: the growth of a fresh process is mostly V8 sizing its old generation for the first
 * stream (50–87 MB at this size, 119 MB with LOG_STREAM_ENTRY_KIB=4), not memory that grows with the log.
 */
const ENTRIES = Number(process.env.LOG_STREAM_ENTRIES ?? 100_000);
const ENTRY_KIB = Number(process.env.LOG_STREAM_ENTRY_KIB ?? 1);
const MB = 1024 * 1024;

/** Resident and peak resident memory of a process, from /proc/<pid>/status (Linux), in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Reads an NDJSON response as it arrives, keeping only the line count and the last line. */
function readStream(url: string, token: string): Promise<{ status: number; lines: number; lastLine: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/x-ndjson' } }, (res) => {
      let lines = 0;
      let bytes = 0;
      let tail = '';
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
        tail = (tail + chunk.toString('utf8')).slice(-200);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, lines, lastLine: tail.trimEnd().split('\n').pop() ?? '', bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('log stores: the NDJSON stream in bounded memory (opsync-api.md §4)', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let base: string;
  let token: string;
  let storeId: string;
  let smallStoreId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startServer({
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: TEST_JWT_SECRET,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-log-stream-')),
    });
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ id: number }>(
        `INSERT INTO users (email, is_verified) VALUES ('stream@example.com', 1) RETURNING id`,
      );
      const userId = rows[0].id;
      token = jwt.sign({ userId, email: 'stream@example.com', tokenVersion: 0 }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
      storeId = randomUUID();
      smallStoreId = randomUUID();
      for (const [id, count] of [
        [storeId, ENTRIES],
        [smallStoreId, 1000],
      ] as const) {
        await pg.query(`INSERT INTO stores (id, kind, owner_id, token, latest_seq) VALUES ($1, 'log', $2, 't', $3)`, [id, userId, count]);
        await pg.query(`INSERT INTO store_members (store_id, user_id, permission) VALUES ($1, $2, 'OWN')`, [id, userId]);
        // One statement fills the log: ENTRY_KIB of base64 data per entry (24 md5 texts = 768 bytes = 1 KiB of base64), four clients taking turns.
        await pg.query(
          `INSERT INTO log_entries (store_id, seq, client_id, client_index, data)
           SELECT $1, g, 'client-' || (g % 4), g / 4, encode(convert_to(repeat(md5(g::text), 24 * $3::int), 'UTF8'), 'base64')
             FROM generate_series(1, $2::int) g`,
          [id, count, ENTRY_KIB],
        );
      }
    } finally {
      await pg.end();
    }
    await server.waitFor(/OpSync listening/);
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
  });

  it(`O-22 streaming ${ENTRIES.toLocaleString('en')} entries of ${ENTRY_KIB} KiB keeps the server's RSS growth under 100 MB`, async () => {
    // A first, small stream loads the code paths, so what follows measures the stream, not warm-up.
    const warmUp = await readStream(`${base}/api/stores/${smallStoreId}/entries`, token);
    expect({ status: warmUp.status, lines: warmUp.lines }).toEqual({ status: 200, lines: 1001 });
    const before = memoryOf(server.child.pid!);

    const started = Date.now();
    const streamed = await readStream(`${base}/api/stores/${storeId}/entries`, token);
    const seconds = (Date.now() - started) / 1000;
    const after = memoryOf(server.child.pid!);

    expect(streamed.status).toBe(200);
    expect(streamed.lines).toBe(ENTRIES + 1);
    expect(JSON.parse(streamed.lastLine)).toEqual({ latestSeq: ENTRIES, done: true });
    expect(streamed.bytes).toBeGreaterThan(ENTRIES * ENTRY_KIB * 1024); // the body really is larger than the bound
    const growth = after.peak - before.rss;
    process.stdout.write(
      `log stream: ${ENTRIES} entries of ${ENTRY_KIB} KiB, ${(streamed.bytes / MB).toFixed(0)} MB in ${seconds.toFixed(1)} s ` +
        `(${Math.round(ENTRIES / seconds)} rows/s); RSS before ${(before.rss / MB).toFixed(0)} MB (peak ${(before.peak / MB).toFixed(0)} MB), ` +
        `peak after ${(after.peak / MB).toFixed(0)} MB, growth ${(growth / MB).toFixed(0)} MB\n`,
    );
    expect(growth).toBeLessThan(100 * MB);
  }, 300_000);
});

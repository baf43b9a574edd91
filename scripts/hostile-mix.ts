/**
 * node dist/scripts/hostile-mix.js <base-url> <server-pid> [requests=3400] [concurrency=32]
 *
 * Throws a mix of hostile requests at a running server (issue 10) and prints its memory from
 * /proc/<pid>/status (Linux): resident set before, the peak while the mix ran (VmHWM; the kernel's
 * record, so a spike between samples is not missed), and the resident set once it has been idle for
 * a few seconds. Every request carries no token or a forged one: it measures what a stranger can do.
 * Start the server as a user would (its own process, loopback); the script only talks HTTP to it.
 */
import fs from 'node:fs';
import http from 'node:http';
import { gzipSync } from 'node:zlib';

const MiB = 1024 * 1024;
const IDLE_MS = 5_000;

interface Hostile {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Declared length when the body is deliberately never finished (the request is dropped on the answer). */
  declared?: number;
}

const bomb = gzipSync(Buffer.alloc(59 * MiB, 0x20), { level: 9 });
const json = { 'Content-Type': 'application/json' };
const gzip = { ...json, 'Content-Encoding': 'gzip' };
const forged = { Authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJ1c2VySWQiOjF9.' };

const MIX: Hostile[] = [
  { name: 'gzip bomb, no token', method: 'PUT', path: '/api/keys/k1', headers: gzip, body: bomb },
  { name: 'gzip bomb, forged token', method: 'POST', path: '/api/sync/ops', headers: { ...gzip, ...forged }, body: bomb },
  { name: 'gzip bomb on a public route', method: 'POST', path: '/api/login/magic-link', headers: gzip, body: bomb },
  { name: 'corrupt gzip', method: 'POST', path: '/api/login/magic-link', headers: gzip, body: Buffer.from('not gzip at all') },
  { name: 'malformed JSON', method: 'POST', path: '/api/login/magic-link', headers: json, body: Buffer.from('{"email":') },
  { name: 'deep nesting', method: 'POST', path: '/api/register/magic-link', headers: json, body: Buffer.from('['.repeat(30_000)) },
  { name: 'oversized public body', method: 'POST', path: '/api/login/magic-link', headers: json, body: Buffer.alloc(MiB, 0x20) },
  {
    name: 'wrong content type',
    method: 'POST',
    path: '/api/login/magic-link',
    headers: { 'Content-Type': 'text/plain' },
    body: Buffer.from('hi'),
  },
  {
    name: 'unsupported encoding',
    method: 'POST',
    path: '/api/sync/ops',
    headers: { ...json, 'Content-Encoding': 'br' },
    body: Buffer.from('{}'),
  },
  { name: 'unfinished 10 MiB body, no token', method: 'POST', path: '/api/sync/ops', headers: json, declared: 10 * MiB },
  { name: 'NUL bytes', method: 'POST', path: '/api/login/magic-link', headers: json, body: Buffer.from('{"email":"a\u0000@b"}') },
];

function memory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) / 1024;
  return { rss: mib('VmRSS'), peak: mib('VmHWM') };
}

/** Sends one hostile request and resolves with its status (0: the connection was dropped). */
function send(base: string, h: Hostile, n: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(new URL(h.path, base), {
      method: h.method,
      agent: false,
      // A fresh forged client address each time: a server that trusts X-Forwarded-For gives each one a fresh quota.
      headers: {
        ...h.headers,
        'X-Forwarded-For': `198.18.${(n >> 8) & 255}.${n & 255}`,
        'Content-Length': String(h.declared ?? h.body?.length ?? 0),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        resolve(res.statusCode ?? 0);
        if (h.declared !== undefined) req.destroy();
      });
    });
    req.on('error', () => resolve(0));
    if (h.declared !== undefined) req.write(Buffer.alloc(1024, 0x20));
    else req.end(h.body);
  });
}

async function main(): Promise<void> {
  const [base, pidText, requestsText = '3400', concurrencyText = '32'] = process.argv.slice(2);
  const pid = Number(pidText);
  if (!base || !Number.isInteger(pid)) throw new Error('usage: hostile-mix <base-url> <server-pid> [requests] [concurrency]');
  const total = Number(requestsText);
  const concurrency = Number(concurrencyText);

  const before = memory(pid);
  const statuses = new Map<string, number>();
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const n = next++;
        const h = MIX[n % MIX.length];
        const key = `${h.name} → ${await send(base, h, n)}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }),
  );
  const during = memory(pid);
  const elapsed = Date.now() - started;
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS)); // "after" means after an idle spell, by definition
  const after = memory(pid);

  for (const [key, count] of [...statuses].sort()) console.log(`${String(count).padStart(6)}  ${key}`);
  console.log(`${total} requests, ${concurrency} at a time, in ${(elapsed / 1000).toFixed(1)} s`);
  console.log(
    `RSS before ${before.rss.toFixed(0)} MiB · peak during ${during.peak.toFixed(0)} MiB (peak before ${before.peak.toFixed(0)}) · ` +
      `RSS after ${IDLE_MS / 1000} s idle ${after.rss.toFixed(0)} MiB`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

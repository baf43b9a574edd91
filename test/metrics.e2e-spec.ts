import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MetricsPortServer } from '../src/metrics/endpoint/metrics-port.server';
import { encryptedOp } from './factories/sync-op.factory';
import { createVerifiedUser } from './factories/user.factory';
import { listenForSockets, SocketClient } from './helpers/socket-client';
import { useSyncTestApp } from './helpers/sync-api';
import { createTestApp, TestApp } from './helpers/test-app';
import { UNLIMITED } from './helpers/test-config';
import { waitUntil } from './helpers/waiting';

const METRICS_TOKEN = 'metrics-token-that-is-long-enough-0123456789';
const PROMETHEUS_TEXT = /^text\/plain; version=0\.0\.4; charset=utf-8$/;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format: samples, and the metric families its `# TYPE` lines declare. */
function parseExposition(text: string): { samples: Sample[]; families: Map<string, string> } {
  const samples: Sample[] = [];
  const families = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) families.set(type[1], type[2]);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { samples, families };
}

/** The sum of the samples of `name` whose labels include `labels` (0 when there is none yet). */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

/** Every series name a scrape can carry: the families, and a histogram's _bucket/_sum/_count. */
function exposedSeries(families: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of families) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

function getLocal(port: number, urlPath: string): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
      })
      .on('error', reject);
  });
}

describe('GET /metrics with METRICS_TOKEN (opsync-api.md §11)', () => {
  const app = useSyncTestApp({ ...UNLIMITED, METRICS_TOKEN });

  const scrape = async () => {
    const res = await app.t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    return parseExposition(res.text);
  };

  it('O-29 /metrics without the token, with another token or another scheme answers 401 METRICS_TOKEN_REQUIRED', async () => {
    for (const authorization of [undefined, `Bearer ${METRICS_TOKEN}x`, `Bearer ${METRICS_TOKEN.slice(0, -1)}`, `Basic ${METRICS_TOKEN}`]) {
      const request = app.t.http().get('/metrics');
      const res = await (authorization === undefined ? request : request.set('Authorization', authorization));
      expect({ authorization, status: res.status, code: res.body.errorCode }).toEqual({
        authorization,
        status: 401,
        code: 'METRICS_TOKEN_REQUIRED',
      });
      expect(res.text).not.toContain('opsync_');
    }
  });

  it('O-29 with the token answers Prometheus text counting requests by method, route template and status', async () => {
    const before = (await scrape()).samples;
    await app.t.http().get('/health').expect(200);
    await app.t.http().get('/health').expect(200);
    await app.t.http().get('/api/sync/restore/4711').expect(401);
    await app.t.http().get('/no/such/route/4712').expect(404);

    const res = await app.t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(PROMETHEUS_TEXT);
    const after = parseExposition(res.text).samples;
    const moved = (labels: Record<string, string>) =>
      total(after, 'opsync_http_requests_total', labels) - total(before, 'opsync_http_requests_total', labels);
    expect(moved({ method: 'GET', route: '/health', status: '200' })).toBe(2);
    expect(moved({ method: 'GET', route: '/api/sync/restore/:serverSeq', status: '401' })).toBe(1);
    expect(moved({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    const timed = { method: 'GET', route: '/health', status: '200' };
    expect(total(after, 'opsync_http_request_duration_seconds_count', timed)).toBe(total(after, 'opsync_http_requests_total', timed));
    expect(total(after, 'opsync_http_request_duration_seconds_bucket', { ...timed, le: '+Inf' })).toBe(
      total(after, 'opsync_http_requests_total', timed),
    );
    // Route templates only: a raw URL would make a series per id.
    expect(after.filter((s) => /471[12]/.test(s.labels.route ?? ''))).toEqual([]);
  });

  it('does not count its own scrapes', async () => {
    await scrape();
    const { samples } = await scrape();
    expect(samples.filter((s) => s.name === 'opsync_http_requests_total' && s.labels.route === '/metrics')).toEqual([]);
  });

  it('O-29 counts uploaded ops by outcome, upload batch sizes, and ops sent by download and piggyback', async () => {
    const { api } = await app.fresh();
    const before = (await scrape()).samples;
    const ops = [encryptedOp('A'), encryptedOp('A'), encryptedOp('A')];
    await api.upload('A', ops).expect(200);
    const duplicate = await api.upload('A', [ops[0]]).expect(200);
    expect(duplicate.body.results[0].accepted).toBe(false);
    expect((await api.download({ sinceSeq: 0 }).expect(200)).body.ops).toHaveLength(3);
    expect((await api.upload('B', [encryptedOp('B')], { lastKnownServerSeq: 0 }).expect(200)).body.newOps).toHaveLength(3);

    const after = (await scrape()).samples;
    const moved = (name: string, labels: Record<string, string> = {}) => total(after, name, labels) - total(before, name, labels);
    expect(moved('opsync_ops_uploaded_total', { outcome: 'accepted' })).toBe(4);
    expect(moved('opsync_ops_uploaded_total', { outcome: 'rejected' })).toBe(1);
    expect(moved('opsync_upload_batch_size_count')).toBe(3);
    expect(moved('opsync_upload_batch_size_sum')).toBe(5);
    expect(moved('opsync_upload_batch_size_bucket', { le: '1' })).toBe(2);
    expect(moved('opsync_ops_downloaded_total', { via: 'download' })).toBe(3);
    expect(moved('opsync_ops_downloaded_total', { via: 'piggyback' })).toBe(3);
  });

  it('reports open WebSocket connections, database pool use, event-loop lag and process metrics', async () => {
    const base = await listenForSockets(app.t);
    const user = await createVerifiedUser(app.t);
    const sockets = async () => total((await scrape()).samples, 'opsync_websocket_connections');
    await waitUntil(async () => (await sockets()) === 0, 'no open sockets');
    const client = await SocketClient.connect(base, user.token, 'metrics-client');
    expect(await sockets()).toBe(1);
    client.close();
    await waitUntil(async () => (await sockets()) === 0, 'the closed socket to be counted out');

    const { samples } = await scrape();
    expect(total(samples, 'opsync_db_pool_max_connections')).toBe(10);
    // The app has queried the database by now, so its pool holds at least one connection.
    expect(total(samples, 'opsync_db_pool_connections')).toBeGreaterThan(0);
    expect(
      samples
        .filter((s) => s.name === 'opsync_db_pool_connections')
        .map((s) => s.labels.state)
        .sort(),
    ).toEqual(['idle', 'in_use']);
    expect(total(samples, 'opsync_db_pool_waiting_requests')).toBe(0);
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'process_cpu_seconds_total']) {
      expect(samples.some((s) => s.name === name)).toBe(true);
    }
    expect(total(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('the Grafana dashboard (docs/grafana-dashboard.json) queries only series the server exposes, and every opsync_ metric', async () => {
    const dashboard = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'docs', 'grafana-dashboard.json'), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const { families } = await scrape();
    const exposed = exposedSeries(families);
    const queried = new Set<string>();
    for (const panel of dashboard.panels) {
      const named = panel.targets.flatMap((target) => target.expr.match(/\b(?:opsync|nodejs|process)_[a-z0-9_]+/g) ?? []);
      expect({ panel: panel.title, names: named.length > 0 }).toEqual({ panel: panel.title, names: true });
      for (const name of named) {
        expect({ panel: panel.title, name, exposed: exposed.has(name) }).toEqual({ panel: panel.title, name, exposed: true });
        queried.add(name.replace(/_(bucket|sum|count)$/, ''));
      }
    }
    const opsyncFamilies = [...families.keys()].filter((name) => name.startsWith('opsync_'));
    expect(opsyncFamilies.length).toBeGreaterThan(0);
    expect(opsyncFamilies.filter((name) => !queried.has(name))).toEqual([]);
  });
});

describe('GET /metrics without METRICS_TOKEN and METRICS_PORT', () => {
  const app = useSyncTestApp(UNLIMITED);

  it('O-29 is not served: 404, with or without a token', async () => {
    await app.t.http().get('/metrics').expect(404);
    await app.t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(404);
  });
});

describe('METRICS_PORT: /metrics on a listener bound to 127.0.0.1', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ env: { ...UNLIMITED, METRICS_PORT: '0' } });
    const address: AddressInfo = t.get(MetricsPortServer).address;
    expect(address.address).toBe('127.0.0.1');
    port = address.port;
  });
  afterAll(() => t.close());

  it('O-29 serves Prometheus text with the request counters there without a token, and nothing on the main port', async () => {
    await t.http().get('/health').expect(200);
    await t.http().get('/metrics').expect(404);
    const res = await getLocal(port, '/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(PROMETHEUS_TEXT);
    const { samples } = parseExposition(res.body);
    expect(total(samples, 'opsync_http_requests_total', { method: 'GET', route: '/health', status: '200' })).toBe(1);
    expect(total(samples, 'opsync_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
  });

  it('answers 404 for any other path on the metrics port', async () => {
    expect((await getLocal(port, '/health')).status).toBe(404);
    expect((await getLocal(port, '/api/sync/ops')).status).toBe(404);
  });

  it('stops listening when the app closes', async () => {
    const second = await createTestApp({ db: t.db, env: { ...UNLIMITED, METRICS_PORT: '0' } });
    const secondPort = second.get(MetricsPortServer).address.port;
    expect((await getLocal(secondPort, '/metrics')).status).toBe(200);
    await second.close();
    await expect(getLocal(secondPort, '/metrics')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

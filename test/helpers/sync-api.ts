import { gzipSync } from 'node:zlib';
import { createVerifiedUser, TestUser } from '../factories/user.factory';
import { WireOp } from '../factories/sync-op.factory';
import { createTestApp, TestApp } from './test-app';
import { UNLIMITED } from './test-config';

/**
 * Thin supertest wrappers over the sync routes for one user, so tests read as protocol steps.
 * Each returns the supertest response (status and body are asserted by the tests).
 */
export function syncApi(t: TestApp, user: TestUser) {
  const auth = { Authorization: `Bearer ${user.token}` };
  return {
    upload: (clientId: string, ops: WireOp[], extra: Record<string, unknown> = {}) =>
      t
        .http()
        .post('/api/sync/ops')
        .set(auth)
        .send({ ops, clientId, ...extra }),
    uploadRaw: (body: unknown) =>
      t
        .http()
        .post('/api/sync/ops')
        .set(auth)
        .send(body as object),
    /** The body as a gzip stream (`Content-Encoding: gzip`), as browser clients send it. */
    uploadGzipped: (body: object) =>
      t
        .http()
        .post('/api/sync/ops')
        .set(auth)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        // superagent would JSON-encode a Buffer under a JSON content type; send the bytes as they are.
        .serialize((bytes: unknown) => bytes as string)
        .send(gzipSync(JSON.stringify(body))),
    download: (query: Record<string, string | number>) => t.http().get('/api/sync/ops').set(auth).query(query),
    snapshot: (body: Record<string, unknown>) => t.http().post('/api/sync/snapshot').set(auth).send(body),
    status: () => t.http().get('/api/sync/status').set(auth),
    devices: () => t.http().get('/api/sync/devices').set(auth),
    restorePoints: (query: Record<string, string | number> = {}) => t.http().get('/api/sync/restore-points').set(auth).query(query),
    restore: (seq: string | number) => t.http().get(`/api/sync/restore/${seq}`).set(auth),
    deleteData: () => t.http().delete('/api/sync/data').set(auth),
  };
}

export type SyncApi = ReturnType<typeof syncApi>;

export interface SyncTestApp {
  /** The app of the enclosing describe (set once beforeAll has run). */
  readonly t: TestApp;
  /** A new verified user and the sync routes as that user. */
  fresh(): Promise<{ user: TestUser; api: SyncApi }>;
  /** Runs `cleanup` after the tests, before the app and its database go away. */
  beforeClose(cleanup: () => Promise<unknown>): void;
}

/** One app for the enclosing describe block: created before all its tests, closed after them. */
export function useSyncTestApp(env: Record<string, string> = UNLIMITED): SyncTestApp {
  let app: TestApp | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    app = await createTestApp({ env });
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await app?.close();
  });
  const context: SyncTestApp = {
    get t() {
      if (!app) throw new Error('useSyncTestApp: the app exists only inside tests');
      return app;
    },
    fresh: async () => {
      const user = await createVerifiedUser(context.t);
      return { user, api: syncApi(context.t, user) };
    },
    beforeClose: (cleanup) => {
      cleanups.push(cleanup);
    },
  };
  return context;
}

import { TestUser } from '../factories/user.factory';
import { WireOp } from '../factories/sync-op.factory';
import { TestApp } from './test-app';

/**
 * Thin supertest wrappers over the sync routes for one user, so tests read as protocol steps.
 * Each returns the supertest response (status and body are asserted by the tests).
 */
export function syncApi(t: TestApp, user: TestUser) {
  const auth = { Authorization: `Bearer ${user.token}` };
  return {
    upload: (clientId: string, ops: WireOp[], extra: Record<string, unknown> = {}) =>
      t.http().post('/api/sync/ops').set(auth).send({ ops, clientId, ...extra }),
    uploadRaw: (body: unknown) => t.http().post('/api/sync/ops').set(auth).send(body as object),
    download: (query: Record<string, string | number>) => t.http().get('/api/sync/ops').set(auth).query(query),
    snapshot: (body: Record<string, unknown>) => t.http().post('/api/sync/snapshot').set(auth).send(body),
    status: () => t.http().get('/api/sync/status').set(auth),
    devices: () => t.http().get('/api/sync/devices').set(auth),
    restorePoints: (query: Record<string, string | number> = {}) => t.http().get('/api/sync/restore-points').set(auth).query(query),
    restore: (seq: string | number) => t.http().get(`/api/sync/restore/${seq}`).set(auth),
    deleteData: () => t.http().delete('/api/sync/data').set(auth),
  };
}

/** Environment of a test app without route rate limits (TEST_MODE), for files that upload a lot. */
export const UNLIMITED = { TEST_MODE: 'true', TEST_MODE_CONFIRM: 'yes-i-understand-the-risks' } as const;

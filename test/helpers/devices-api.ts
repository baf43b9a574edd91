import { TestApp } from './test-app';

/** The session routes of opsync-api.md §1, called with one token on one instance. */
export function devicesApi(t: TestApp, token: string) {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    list: () => t.http().get('/api/devices').set(auth),
    rename: (id: string, body: object) => t.http().patch(`/api/devices/${id}`).set(auth).send(body),
    revoke: (id: string) => t.http().delete(`/api/devices/${id}`).set(auth),
    signOut: () => t.http().delete('/api/devices/current').set(auth),
    rotate: () => t.http().post('/api/devices/current/rotate').set(auth),
    /** A guarded route, to see whether the token still works. */
    status: async () => (await t.http().get('/api/sync/status').set(auth)).status,
  };
}

import { randomBytes } from 'node:crypto';
import { TestUser } from '../factories/user.factory';
import { TestApp } from './test-app';

/** Random opaque blob data, base64, as a client sends it. */
export const blobData = (bytes = 64): string => randomBytes(bytes).toString('base64');

/** A client address of its own, so the per-IP rate limits of one test do not reach the next. */
const randomIp = () => `10.${randomBytes(3).join('.')}`;

/** Thin supertest wrappers over the store routes (opsync-api.md §3, §5) for one user; tests assert status and body. */
export function storesApi(t: TestApp, user: TestUser) {
  const headers = { Authorization: `Bearer ${user.token}`, 'X-Forwarded-For': randomIp() };
  return {
    create: (body: unknown) =>
      t
        .http()
        .post('/api/stores')
        .set(headers)
        .send(body as object),
    list: (query: Record<string, string> = {}) => t.http().get('/api/stores').set(headers).query(query),
    get: (id: string, ifNoneMatch?: string) => {
      const req = t.http().get(`/api/stores/${id}`).set(headers);
      return ifNoneMatch === undefined ? req : req.set('If-None-Match', ifNoneMatch);
    },
    getByName: (name: string) =>
      t
        .http()
        .get(`/api/stores/by-name/${encodeURIComponent(name)}`)
        .set(headers),
    put: (id: string, body: unknown, ifMatch?: string) => {
      const req = t.http().put(`/api/stores/${id}`).set(headers);
      return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body as object);
    },
    remove: (id: string) => t.http().delete(`/api/stores/${id}`).set(headers),
    settings: (id: string, body: unknown) =>
      t
        .http()
        .put(`/api/stores/${id}/settings`)
        .set(headers)
        .send(body as object),
    members: (id: string) => t.http().get(`/api/stores/${id}/members`).set(headers),
    share: (id: string, body: unknown) =>
      t
        .http()
        .put(`/api/stores/${id}/members`)
        .set(headers)
        .send(body as object),
    unshare: (id: string, userId: number | string) => t.http().delete(`/api/stores/${id}/members/${userId}`).set(headers),
  };
}

export type StoresApi = ReturnType<typeof storesApi>;

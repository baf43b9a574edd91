import { randomBytes } from 'node:crypto';
import { TestUser } from '../factories/user.factory';
import { TestApp } from './test-app';

/** The body of one key version as a client sends it: fresh random material, base64. */
export function keyVersionBody(version: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version,
    encryptedKey: randomBytes(48).toString('base64'),
    salt: randomBytes(16).toString('base64'),
    nonce: randomBytes(12).toString('base64'),
    algorithm: 'AES-256-GCM',
    kdf: 'PBKDF2-SHA256-600000',
    ...overrides,
  };
}

/** Thin supertest wrappers over the key routes (opsync-api.md §6) for one user; tests assert status and body. */
export function keysApi(t: TestApp, user: TestUser) {
  const auth = { Authorization: `Bearer ${user.token}` };
  return {
    put: (keyId: string, body: unknown) =>
      t
        .http()
        .put(`/api/keys/${keyId}`)
        .set(auth)
        .send(body as object),
    get: (keyId: string, query: Record<string, string | number> = {}) => t.http().get(`/api/keys/${keyId}`).set(auth).query(query),
    /** A raw query string, for repeated or malformed parameters. */
    getWithQuery: (keyId: string, query: string) => t.http().get(`/api/keys/${keyId}?${query}`).set(auth),
    list: () => t.http().get('/api/keys').set(auth),
    deleteVersion: (keyId: string, version: string | number) => t.http().delete(`/api/keys/${keyId}/versions/${version}`).set(auth),
  };
}

export type KeysApi = ReturnType<typeof keysApi>;

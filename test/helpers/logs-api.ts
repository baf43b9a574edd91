import { randomBytes } from 'node:crypto';
import { TestUser } from '../factories/user.factory';
import { asText } from './account-transfer-api';
import { TestApp } from './test-app';

export interface EntryBody {
  clientId: string;
  clientIndex: number;
  data: string;
  nonce?: string;
  clientTimestamp?: string;
}

/** An entry as a client appends it: fresh random data, base64. */
export function entryBody(clientId: string, clientIndex: number, overrides: Partial<EntryBody> = {}): EntryBody {
  return { clientId, clientIndex, data: randomBytes(24).toString('base64'), ...overrides };
}

/** Thin supertest wrappers over the log routes (opsync-api.md §4) for one user; tests assert status and body. */
export function logsApi(t: TestApp, user: TestUser) {
  const auth = { Authorization: `Bearer ${user.token}` };
  return {
    append: (storeId: string, entries: unknown) => t.http().post(`/api/stores/${storeId}/entries`).set(auth).send({ entries }),
    /** Any body, for malformed requests. */
    appendBody: (storeId: string, body: unknown) =>
      t
        .http()
        .post(`/api/stores/${storeId}/entries`)
        .set(auth)
        .send(body as object),
    page: (storeId: string, query: Record<string, string | number> = {}) =>
      t.http().get(`/api/stores/${storeId}/entries`).set(auth).query(query),
    /** A raw query string, for repeated or malformed parameters. */
    pageWithQuery: (storeId: string, query: string) => t.http().get(`/api/stores/${storeId}/entries?${query}`).set(auth),
    stream: (storeId: string, query: Record<string, string | number> = {}) =>
      t
        .http()
        .get(`/api/stores/${storeId}/entries`)
        .set(auth)
        .set('Accept', 'application/x-ndjson')
        .query(query)
        .buffer(true)
        .parse(asText),
    pull: (storeId: string, body: unknown) =>
      t
        .http()
        .post(`/api/stores/${storeId}/entries/pull`)
        .set(auth)
        .send(body as object),
  };
}

export type LogsApi = ReturnType<typeof logsApi>;

import type { Response } from 'supertest';
import { TestUser } from '../factories/user.factory';
import { TestApp } from './test-app';

/** Buffers a streamed response body as text whatever its content type (supertest leaves NDJSON unparsed). */
export function asText(res: Response, done: (error: Error | null, body: string) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream; // what superagent hands a parser is the raw response stream
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => done(null, text));
}

/** The export and import routes (opsync-api.md §11) for one user; tests assert status and body. */
export function accountTransferApi(t: TestApp, user: TestUser) {
  const auth = { Authorization: `Bearer ${user.token}` };
  return {
    export: () => t.http().get('/api/account/export').set(auth).buffer(true).parse(asText),
    import: (ndjson: string) => t.http().post('/api/account/import').set(auth).set('Content-Type', 'application/x-ndjson').send(ndjson),
  };
}

/** The JSON values of an NDJSON text, one per line. */
export function ndjsonValues(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

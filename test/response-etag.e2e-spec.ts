import { encryptedOp } from './factories/sync-op.factory';
import { useSyncTestApp } from './helpers/sync-api';

/** Which responses carry an ETag (issue 12, lever 4): hashing large per-request JSON costs more than it gives. */
describe('response ETags', () => {
  const app = useSyncTestApp();

  it('a download page over 64 KiB goes out without an ETag; a small JSON answer keeps its weak ETag', async () => {
    const { api } = await app.fresh();
    for (let i = 0; i < 3; i++)
      await api
        .upload(
          'B',
          Array.from({ length: 100 }, () => encryptedOp('B')),
        )
        .expect(200);
    const large = await api.download({ sinceSeq: 0, limit: 500 }).expect(200);
    expect(Buffer.byteLength(large.text)).toBeGreaterThan(64 * 1024);
    expect(large.headers.etag).toBeUndefined();
    const small = await api.download({ sinceSeq: 299, limit: 1 }).expect(200);
    expect(small.headers.etag).toMatch(/^W\/"[0-9a-f]+-[\w+/]{27}"$/);
  });

  it.each(['/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui.css'])(
    'the static file %s, larger than that, keeps an ETag computed at start-up and answers 304 to it',
    async (path) => {
      const first = await app.t.http().get(path).expect(200);
      expect(Number(first.headers['content-length'])).toBeGreaterThan(64 * 1024);
      expect(first.headers.etag).toMatch(/^W\/"[0-9a-f]+-[\w+/]{27}"$/);
      await app.t.http().get(path).set('If-None-Match', first.headers.etag).expect(304);
    },
  );
});

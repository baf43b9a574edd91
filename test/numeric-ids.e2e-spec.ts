import fc from 'fast-check';
import { TokenService } from '../src/auth';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { createTestApp, TestApp } from './helpers/test-app';
import { UNLIMITED } from './helpers/test-config';

/**
 * Every id a route reads from its URL, query or token is checked against its column's range and type
 * before it reaches the database (issue 10): out-of-range, negative, float and non-numeric ids get the
 * route's usual 400 (or the invalid-token 401), never a 500 from the driver.
 */
describe('numeric ids from URLs, queries and tokens', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp({ env: UNLIMITED });
    user = await createVerifiedUser(t);
  });
  afterAll(() => t.close());

  /** Ids a column of type int4 (or int8) cannot hold or that are no decimal id at all. */
  const badIds = (columnMax: bigint) =>
    fc.oneof(
      fc.bigInt({ min: columnMax + 1n, max: columnMax * 2n ** 10n }).map(String),
      fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((n) => `-${n}`),
      fc
        .double({ min: 0.001, max: 1e6, noNaN: true })
        .filter((n) => !Number.isInteger(n))
        .map(String),
      fc.constantFrom('abc', '1e3', '0x1', '1.0', '+1', ' 1', '%00', 'NaN', 'Infinity', '9'.repeat(40)),
    );
  const INT4 = 2n ** 31n - 1n;
  const INT8 = 2n ** 63n - 1n;
  const refused = (status: number, errorCode: string) => (res: { status: number; body: { errorCode?: string } }) =>
    expect({ status: res.status, errorCode: res.body.errorCode }).toEqual({ status, errorCode });
  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${user.token}`);
  const id = encodeURIComponent;

  const routes: [string, bigint, (id: string) => Promise<{ status: number; body: { errorCode?: string } }>, string][] = [
    ['DELETE /api/test/user/:userId', INT4, (v) => t.http().delete(`/api/test/user/${id(v)}`), 'VALIDATION_FAILED'],
    ['GET /api/sync/restore/:serverSeq', INT4, (v) => get(`/api/sync/restore/${id(v)}`), 'INVALID_SERVER_SEQ'],
    ['GET /api/audit?before', INT8, (v) => get(`/api/audit?before=${id(v)}`), 'VALIDATION_FAILED'],
    ['GET /api/keys/:keyId?version', INT4, (v) => get(`/api/keys/k?version=${id(v)}`), 'VALIDATION_FAILED'],
    [
      'DELETE /api/keys/:keyId/versions/:version',
      INT4,
      (v) =>
        t
          .http()
          .delete(`/api/keys/k/versions/${id(v)}`)
          .set('Authorization', `Bearer ${user.token}`),
      'VALIDATION_FAILED',
    ],
  ];

  it.each(routes)(
    '%s refuses out-of-range, negative, float and non-numeric ids with its 400',
    async (_name, columnMax, call, errorCode) => {
      await fc.assert(
        fc.asyncProperty(badIds(columnMax), async (v) => refused(400, errorCode)(await call(v))),
        { numRuns: 40 },
      );
    },
  );

  it('GET /api/sync/ops?sinceSeq: malformed is 400; a cursor beyond any seq is a client ahead of the server (200 gapDetected), never 500', async () => {
    await fc.assert(
      fc.asyncProperty(badIds(INT4), async (v) => {
        const res = await get(`/api/sync/ops?sinceSeq=${id(v)}`);
        if (/^\d{1,16}$/.test(v))
          expect({ status: res.status, gapDetected: res.body.gapDetected }).toEqual({ status: 200, gapDetected: true });
        else refused(400, 'VALIDATION_FAILED')(res);
      }),
      { numRuns: 40 },
    );
  });

  it('DELETE /api/test/user/2147483648 and GET /api/sync/restore/2147483648 (one past int4) are 400, not 500', async () => {
    refused(400, 'VALIDATION_FAILED')(await t.http().delete('/api/test/user/2147483648'));
    refused(400, 'INVALID_SERVER_SEQ')(await get('/api/sync/restore/2147483648'));
    refused(400, 'VALIDATION_FAILED')(await get('/api/audit?before=9223372036854775808'));
  });

  it('a validly signed token whose userId is outside int4 gets the invalid-token 401 on every authenticated route', async () => {
    const tokens = t.get(TokenService);
    const invalid = (await get('/api/sync/status').set('Authorization', 'Bearer not-a-token').expect(401)).body;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }), fc.integer({ max: 0 })), async (userId) => {
        const token = tokens.sign({ userId, email: 'x@example.com', tokenVersion: 0 });
        for (const path of ['/api/sync/status', '/api/sync/ops?sinceSeq=0', '/api/keys', '/api/audit']) {
          const res = await t.http().get(path).set('Authorization', `Bearer ${token}`);
          expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 401, error: invalid.error });
        }
      }),
      { numRuns: 15 },
    );
  });
});

import jwt from 'jsonwebtoken';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { ASSET_PATH_TRICKS, forgedAuthHeaders, FuzzOperation, FuzzRequest, hostileRequests } from './helpers/fuzz-cases';
import { createTestApp, TestApp } from './helpers/test-app';
import { TEST_JWT_SECRET, UNLIMITED } from './helpers/test-config';

/** Requests in flight at once. */
const PARALLEL = 8;

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string; properties?: Record<string, unknown> } }> };
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/** Every operation of the served OpenAPI document: the fuzz suite follows the routes as they are, new ones included. */
function operationsOf(document: OpenApiDocument): FuzzOperation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const schema = op.requestBody?.content['application/json']?.schema;
      const resolved = schema?.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema;
      return {
        method: method as FuzzOperation['method'],
        path,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyProperties: op.requestBody?.content['application/json'] ? Object.keys(resolved?.properties ?? {}) : null,
        secured: !(Array.isArray(op.security) && op.security.length === 0),
      };
    }),
  );
}

/**
 * The fuzz suite (issue 10): malformed JSON, wrong content types, wrong types in every field of every
 * body, huge and deep values, NUL bytes, corrupt gzip, forged and `alg: none` tokens and path tricks,
 * over every route of the OpenAPI document. No answer may be a 5xx, and none of it may change the
 * database. Rate limits are off (TEST_MODE) so every request reaches the route's own checks.
 */
describe('fuzz: hostile input on every route', () => {
  let t: TestApp;
  let user: TestUser;
  let operations: FuzzOperation[];
  beforeAll(async () => {
    t = await createTestApp({ env: UNLIMITED });
    user = await createVerifiedUser(t);
    operations = operationsOf((await t.http().get('/api/openapi.json').expect(200)).body);
  });
  afterAll(() => t.close());

  /** A digest of every table's rows: equal before and after means nothing was written. */
  const databaseDigest = async (): Promise<string> => {
    const tables = await t.prisma.$queryRaw<{ name: string }[]>`
      SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`;
    const parts: string[] = [];
    for (const { name } of tables) {
      const [{ digest }] = await t.prisma.$queryRawUnsafe<{ digest: string | null }[]>(
        `SELECT md5(string_agg(row_text, '|' ORDER BY row_text)) AS digest FROM (SELECT t::text AS row_text FROM "${name}" t) rows`,
      );
      parts.push(`${name}:${digest ?? 'empty'}`);
    }
    return parts.join(',');
  };

  /** Sends one request; its status, or the failure to get one. */
  const send = async (request: FuzzRequest): Promise<number> => {
    let call = t.http()[request.method](request.url).timeout(15_000);
    for (const [name, value] of Object.entries(request.headers)) call = call.set(name, value);
    const res = await (request.body !== undefined ? call.send(request.body) : call);
    return res.status;
  };

  it('every operation of the document is fuzzed (the suite reads the routes, it does not list them)', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(operations.filter((op) => op.bodyProperties !== null).length).toBeGreaterThan(10);
    expect(operations.some((op) => op.path === '/api/sync/ops' && op.method === 'post')).toBe(true);
  });

  it('no hostile path, query or body gets a 5xx, and none changes the database', async () => {
    const auth = { Authorization: `Bearer ${user.token}` };
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      const before = await databaseDigest();
      const requests = hostileRequests(op, auth);
      // A few at a time: the server answers while the database works on another.
      for (let i = 0; i < requests.length; i += PARALLEL) {
        const batch = requests.slice(i, i + PARALLEL);
        const statuses = await Promise.all(batch.map(send));
        statuses.forEach((status, j) => status >= 500 && failures.push(`${batch[j].label} → ${status}`));
      }
      sent += requests.length;
      if ((await databaseDigest()) !== before) failures.push(`${op.method.toUpperCase()} ${op.path}: the database changed`);
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1_000);
  }, 300_000);

  it('forged, broken and alg:none tokens get 401 on every route that needs a token', async () => {
    const claims = { userId: user.id, email: user.email, tokenVersion: 0 };
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const headers = forgedAuthHeaders({
      'alg none': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iat: 1, exp: 2e9 })}.`,
      'other secret': jwt.sign(claims, 'another-secret-that-is-long-enough-0123456789'),
      'HS512 with the right secret': jwt.sign(claims, TEST_JWT_SECRET, { algorithm: 'HS512' }),
      expired: jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET),
      'userId past int4': jwt.sign({ ...claims, userId: 2 ** 31 }, TEST_JWT_SECRET),
      'userId as text': jwt.sign({ ...claims, userId: String(user.id) }, TEST_JWT_SECRET),
      'negative tokenVersion': jwt.sign({ ...claims, tokenVersion: -1 }, TEST_JWT_SECRET),
      'no userId': jwt.sign({ email: user.email, tokenVersion: 0 }, TEST_JWT_SECRET),
    });
    const before = await databaseDigest();
    const wrong: string[] = [];
    for (const op of operations.filter((o) => o.secured)) {
      const url = op.path.replace(/\{(\w+)\}/g, 'fuzzmissing');
      for (const [label, header] of headers) {
        const status = await send({ label, method: op.method, url, headers: header });
        if (status !== 401) wrong.push(`${op.method.toUpperCase()} ${op.path} with ${label} → ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await databaseDigest()).toBe(before);
  });

  it('path tricks on static assets and pages get a 4xx, never a file outside the assets or a 5xx', async () => {
    for (const path of ASSET_PATH_TRICKS) {
      const res = await t.http().get(path);
      expect({ path, status: res.status >= 400 && res.status < 500 }).toEqual({ path, status: true });
      expect(res.text).not.toContain('"dependencies"');
      expect(res.text).not.toContain('JWT_SECRET');
    }
  });
});

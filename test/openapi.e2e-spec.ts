import { Controller, Get, INestApplication } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Router } from 'express';
import { version } from '../package.json';
import { Public } from '../src/common';
import { chromiumForTests, DESKTOP, ServedApp, serveApp } from './helpers/browser';
import { createTestApp, TestApp } from './helpers/test-app';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components?: { schemas?: Record<string, unknown> };
}

/** A route hidden from the document: what a route added without docs looks like to this test. */
@ApiExcludeController()
@Controller('api/undocumented')
@Public()
class UndocumentedController {
  @Get()
  hidden(): string {
    return 'hidden';
  }
}

/** Every route the app's Express router answers, as `METHOD /path` with Express's `:id` written as OpenAPI's `{id}`. */
function servedRoutes(app: INestApplication): string[] {
  const router = (app.getHttpAdapter().getInstance() as { router: Router }).router;
  return router.stack.flatMap((layer) => {
    const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
    if (!route) return [];
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    return Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${path}`);
  });
}

function documentedRoutes(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
}

const undocumented = (app: INestApplication, document: OpenApiDocument) => {
  const documented = new Set(documentedRoutes(document));
  return servedRoutes(app).filter((route) => !documented.has(route));
};

const errorCodes = (document: OpenApiDocument, path: string, method: string, status: number): string[] =>
  JSON.stringify(document.paths[path][method].responses[status]?.content ?? {})
    .match(/"enum":\[[^\]]*\]/g)
    ?.flatMap((list) => JSON.parse(list.slice('"enum":'.length)) as string[]) ?? [];

describe('OpenAPI document (GET /api/openapi.json)', () => {
  let t: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.http().get('/api/openapi.json').expect(200);
    document = res.body as OpenApiDocument;
  });
  afterAll(() => t.close());

  it('lists every route the app serves, with its method', () => {
    expect(servedRoutes(t.app).length).toBeGreaterThan(30);
    expect(undocumented(t.app, document)).toEqual([]);
  });

  it('fails for a route that the document leaves out', async () => {
    const withHidden = await createTestApp({ db: t.db, controllers: [UndocumentedController] });
    try {
      const res = await withHidden.http().get('/api/openapi.json').expect(200);
      expect(undocumented(withHidden.app, res.body as OpenApiDocument)).toEqual(['GET /api/undocumented']);
    } finally {
      await withHidden.close();
    }
  });

  it('is public and answers as JSON', async () => {
    const res = await t.http().get('/api/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: 'OpSync', version } });
  });

  it('describes the request bodies and queries from the DTOs’ validation rules', () => {
    const schemas = document.components?.schemas ?? {};
    expect(schemas.UploadOpsDto).toMatchObject({
      required: expect.arrayContaining(['ops', 'clientId']),
      properties: {
        ops: { type: 'array', minItems: 1, maxItems: 100, items: { $ref: '#/components/schemas/UploadOpDto' } },
        clientId: { type: 'string', pattern: expect.any(String) },
        lastKnownServerSeq: { type: 'integer', minimum: 0 },
      },
    });
    expect(schemas.UploadOpDto).toMatchObject({ properties: { actionType: { type: 'string', minLength: 1, maxLength: 255 } } });
    const download = document.paths['/api/sync/ops'].get as unknown as { parameters: { name: string; required: boolean }[] };
    expect(download.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'sinceSeq', in: 'query', required: true, schema: expect.objectContaining({ type: 'integer' }) }),
        expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      ]),
    );
  });

  it.each([
    ['/api/sync/ops', 'post', 200],
    ['/api/sync/ops', 'get', 200],
    ['/api/sync/restore/{serverSeq}', 'get', 200],
    ['/api/sync/snapshot', 'post', 200],
    ['/api/sync/status', 'get', 200],
    ['/api/login/magic-link/verify', 'post', 200],
    ['/api/replace-token', 'post', 200],
    ['/api/keys/{keyId}', 'get', 200],
  ])('describes the response of %s %s', (path, method, status) => {
    const response = document.paths[path][method].responses[status];
    expect(response?.content?.['application/json']?.schema).toBeDefined();
  });

  it('lists the error codes of the catalogue entries a route throws', () => {
    expect(errorCodes(document, '/api/sync/ops', 'post', 413)).toEqual(
      expect.arrayContaining(['PAYLOAD_TOO_LARGE', 'STORAGE_QUOTA_EXCEEDED']),
    );
    expect(errorCodes(document, '/api/keys/{keyId}', 'put', 409)).not.toEqual([]);
    expect(errorCodes(document, '/api/login/passkey/verify', 'post', 401)).toEqual(
      expect.arrayContaining(['AUTHENTICATION_FAILED', 'EMAIL_NOT_VERIFIED']),
    );
  });

  it('adds the shared errors: 401 and the bearer scheme unless public, 429 unless unlimited, 400 on validated input', () => {
    const upload = document.paths['/api/sync/ops'].post as unknown as { security: unknown[]; responses: Record<string, unknown> };
    expect(upload.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['400', '401', '429']));
    expect(errorCodes(document, '/api/sync/ops', 'post', 400)).toContain('VALIDATION_FAILED');
    const login = document.paths['/api/login/magic-link'].post as unknown as { security: unknown[] };
    expect(login.security).toEqual([]);
    expect(document.paths['/api/login/magic-link'].post.responses[401]).toBeUndefined();
    expect(document.paths['/health'].get.responses[429]).toBeUndefined();
    expect(errorCodes(document, '/api/login/magic-link', 'post', 429)).toEqual(['TOO_MANY_REQUESTS']);
  });
});

describe('browsable API page (/api/docs)', () => {
  let served: ServedApp;
  const browser = chromiumForTests();

  beforeAll(async () => {
    served = await serveApp();
  });
  afterAll(() => served.close());

  it('answers HTML under the same CSP as the account pages', async () => {
    const docs = await served.http().get('/api/docs').expect(200);
    const account = await served.http().get('/').expect(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(docs.headers['content-security-policy']).toBe(account.headers['content-security-policy']);
    expect(docs.text).not.toMatch(/<script(?![^>]*\ssrc="\/api\/docs\/[\w.-]+\.js")/);
  });

  it('serves only its own files', async () => {
    await served
      .http()
      .get('/api/docs/swagger-ui-bundle.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await served.http().get('/api/docs/package.json').expect(404);
  });

  it('renders every operation of the document without CSP or script errors', async () => {
    const document = (await served.http().get('/api/openapi.json').expect(200)).body as OpenApiDocument;
    const operations = documentedRoutes(document).length;
    const watched = await browser.open(DESKTOP);
    await watched.page.goto(`${served.origin}/api/docs`);
    await watched.page
      .locator('.opblock')
      .nth(operations - 1)
      .waitFor({ state: 'attached', timeout: 30_000 });
    expect(await watched.page.locator('.opblock').count()).toBe(operations);
    expect(watched.problems).toEqual([]);
  });
});

import { createTestApp, TestApp } from './helpers/test-app';

describe('unknown routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answer 404 with errorCode NOT_FOUND and the correlation id, for every method, under /api and at the root', async () => {
    const requests = [
      t.http().get('/api/no-such-route'),
      t.http().post('/api/no-such-route').send({ a: 1 }),
      t.http().put('/api/sync/no-such-route').send({}),
      t.http().patch('/api/account/no-such-route'),
      t.http().delete('/api/keys'),
      t.http().get('/no-such-page'),
      t.http().post('/verify-email'),
    ];
    for (const pending of requests) {
      const res = await pending;
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 404, type: 'application/json; charset=utf-8' });
      expect(res.body).toMatchObject({ error: 'Not Found', errorCode: 'NOT_FOUND', correlationId: res.headers['x-request-id'] });
    }
  });
});

import { createVerifiedUser } from './factories/user.factory';
import { ProbeController } from './helpers/probe.controller';
import { createTestApp, TestApp } from './helpers/test-app';

describe('rate limiting (accounts spec §2.5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [ProbeController] });
  });
  afterAll(() => t.close());

  const limited = (ip: string) => t.http().post('/probe/limited').set('X-Forwarded-For', ip).send({});

  it('refuses the request after a named limit with 429, the retry text and the rate-limit headers', async () => {
    for (let i = 0; i < 5; i++) {
      const ok = await limited('203.0.113.1').expect(200);
      expect(ok.headers['x-ratelimit-limit']).toBe('5');
    }
    const res = await limited('203.0.113.1').expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', errorCode: 'TOO_MANY_REQUESTS' });
    expect(res.body.message).toBe('Rate limit exceeded, retry in 15 minutes');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('keeps one counter per client IP for anonymous callers', async () => {
    for (let i = 0; i < 5; i++) await limited('203.0.113.2').expect(200);
    await limited('203.0.113.2').expect(429);
    await limited('203.0.113.3').expect(200);
  });

  it('tracks a signed-in caller by user, whatever the IP', async () => {
    const user = await createVerifiedUser(t);
    const other = await createVerifiedUser(t);
    const call = (token: string, ip: string) =>
      t.http().get('/probe/limited-auth').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', ip);
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) await call(user.token, ip).expect(200);
    await call(user.token, '198.51.100.4').expect(429);
    await call(other.token, '198.51.100.4').expect(200);
  });

  it('keeps counting a signed-in caller by IP too: a second account buys the address no fresh quota', async () => {
    const [first, second] = [await createVerifiedUser(t), await createVerifiedUser(t)];
    const call = (token: string) =>
      t.http().get('/probe/limited-auth').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', '198.51.100.9');
    for (let i = 0; i < 3; i++) await call(first.token).expect(200);
    await call(second.token).expect(429);
  });

  it('is not installed in TEST_MODE', async () => {
    const testMode = await createTestApp({
      controllers: [ProbeController],
      env: { TEST_MODE: 'true', TEST_MODE_CONFIRM: 'yes-i-understand-the-risks' },
    });
    try {
      for (let i = 0; i < 8; i++) await testMode.http().post('/probe/limited').send({}).expect(200);
    } finally {
      await testMode.close();
    }
  });
});

describe('rate limiting of a directly exposed server (TRUST_PROXY unset)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: undefined } });
  });
  afterAll(() => t.close());

  const magicLink = (forgedIp: string, token?: string) => {
    const req = t.http().post('/api/login/magic-link').set('X-Forwarded-For', forgedIp);
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send({});
  };

  it('ignores X-Forwarded-For: rotating forged addresses share one counter and get 429 after the limit', async () => {
    for (let i = 0; i < 50; i++) expect((await magicLink(`203.0.113.${i}`)).status).toBe(400);
    const refused = await magicLink('203.0.113.200').expect(429);
    expect(refused.body.message).toBe('Rate limit exceeded, retry in 15 minutes');
  });

  it('keeps an IP-keyed account route limited by IP for a caller with a valid token', async () => {
    const user = await createVerifiedUser(t);
    await magicLink('203.0.113.201', user.token).expect(429);
  });
});

describe('rate limiting shared between instances through Redis (REDIS_URL)', () => {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

  it('counts requests to two instances on one counter', async () => {
    const a = await createTestApp({ controllers: [ProbeController], env: { REDIS_URL: redisUrl } });
    const b = await createTestApp({ controllers: [ProbeController], env: { REDIS_URL: redisUrl }, db: a.db });
    // An address no other run uses, so the shared Redis holds no earlier count for it.
    const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    try {
      for (let i = 0; i < 5; i++) await (i % 2 ? a : b).http().post('/probe/limited').set('X-Forwarded-For', ip).send({}).expect(200);
      await a.http().post('/probe/limited').set('X-Forwarded-For', ip).send({}).expect(429);
      await b.http().post('/probe/limited').set('X-Forwarded-For', ip).send({}).expect(429);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

import { createTestApp, TestApp } from './helpers/test-app';

/** The per-route limits of the account routes (accounts spec §2.5). Bodies are invalid on purpose: limits run first. */
describe('account route rate limits (accounts spec §2.5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const hit = (path: string, ip: string) => t.http().post(path).set('X-Forwarded-For', ip).send({});

  async function exhaust(path: string, ip: string, limit: number): Promise<void> {
    for (let i = 1; i <= limit; i++) {
      const res = await hit(path, ip);
      expect(`${path} #${i}: ${res.status}`).toBe(`${path} #${i}: 400`);
    }
    const refused = await hit(path, ip).expect(429);
    expect(refused.body.message).toBe('Rate limit exceeded, retry in 15 minutes');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  }

  it('A-46 the 21st POST /api/verify-email from one IP within 15 minutes → 429', async () => {
    await exhaust('/api/verify-email', '203.0.113.10', 20);
  });

  it('A-46 the 51st request to each other registration/login/recovery POST route → 429 for that route only', async () => {
    const ip = '203.0.113.20';
    const routes = [
      '/api/register/passkey/options',
      '/api/register/passkey/verify',
      '/api/register/magic-link',
      '/api/login/passkey/options',
      '/api/login/passkey/verify',
      '/api/login/magic-link',
      '/api/login/magic-link/verify',
      '/api/recover/passkey',
      '/api/recover/passkey/options',
      '/api/recover/passkey/complete',
    ];
    // Each route gets its full 50 although the same IP already exhausted the routes before it.
    for (const path of routes) await exhaust(path, ip, 50);
    await hit('/api/register/magic-link', '203.0.113.21').expect(400);
  });
});

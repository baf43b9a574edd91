import { randomInt } from 'node:crypto';
import { encryptedOp, encryptedSnapshot } from './factories/sync-op.factory';
import { TokenService } from '../src/auth';
import { TestUser } from './factories/user.factory';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The per-user upload limit (protocol spec §1.5 second layer): rate limits on (no TEST_MODE), counters
 * in Redis shared by two instances. Every request comes from its own address (X-Forwarded-For behind
 * the one trusted proxy hop), so the per-IP route limit never interferes.
 */
describe('per-user upload rate limit (protocol spec §1.5, §4.4)', () => {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await createTestApp({ env: { REDIS_URL: redisUrl } });
    second = await createTestApp({ db: first.db, env: { REDIS_URL: redisUrl } });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  const someIp = () => `198.51.${randomInt(256)}.${randomInt(256)}`;
  /**
   * A user whose rate-limit keys are new to the shared Redis: fresh test databases number users from 1
   * again, so a random id keeps earlier runs' counters (15-minute windows) out of this one.
   */
  const newUser = async (): Promise<TestUser> => {
    const email = `limit-${randomInt(2 ** 31 - 1)}@example.com`;
    const row = await first.prisma.user.create({ data: { id: randomInt(1_000_000, 2 ** 31 - 1), email, isVerified: 1 } });
    return { id: row.id, email, token: first.get(TokenService).sign({ userId: row.id, email, tokenVersion: 0 }), sessionId: null };
  };
  const upload = (app: TestApp, user: TestUser, extra: Record<string, unknown> = {}, ops = [encryptedOp('A')]) =>
    app
      .http()
      .post('/api/sync/ops')
      .set('Authorization', `Bearer ${user.token}`)
      .set('X-Forwarded-For', someIp())
      .send({ ops, clientId: 'A', ...extra });
  /** n accepted uploads, alternating between the two instances, a few at a time. */
  const spend = async (user: TestUser, n: number) => {
    for (let done = 0; done < n; done += 10) {
      const batch = Array.from({ length: Math.min(10, n - done) }, (_, i) => upload((done + i) % 2 === 0 ? first : second, user));
      for (const res of await Promise.all(batch)) expect(res.status).toBe(200);
    }
  };

  it('P-75 the 101st upload of a user within a minute is refused from any IP and instance, while another user is served', async () => {
    const user = await newUser();
    const other = await newUser();
    await spend(user, 100);
    for (const app of [first, second]) {
      const refused = await upload(app, user);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: 'Rate limited', errorCode: 'RATE_LIMITED', correlationId: expect.any(String) });
    }
    await upload(second, other).expect(200);
    expect(await first.prisma.operation.count({ where: { userId: user.id } })).toBe(100);
  });

  it('P-38 a requestId retry counts toward the limit and is refused by it', async () => {
    const user = await newUser();
    await spend(user, 99);
    const ops = [encryptedOp('A')];
    await upload(first, user, { requestId: 'ops-v1-retry' }, ops).expect(200);
    const retry = await upload(second, user, { requestId: 'ops-v1-retry' }, ops);
    expect(retry.status).toBe(429);
    expect(retry.body.errorCode).toBe('RATE_LIMITED');
  });

  it('DELETE /api/sync/data and a clean slate clear the counter', async () => {
    const user = await newUser();
    await spend(user, 100);
    await upload(first, user).expect(429);
    await first.http().delete('/api/sync/data').set('Authorization', `Bearer ${user.token}`).set('X-Forwarded-For', someIp()).expect(200);
    await spend(user, 100);
    await upload(second, user).expect(429);
    await second
      .http()
      .post('/api/sync/snapshot')
      .set('Authorization', `Bearer ${user.token}`)
      .set('X-Forwarded-For', someIp())
      .send(encryptedSnapshot('A', { snapshotOpType: 'BACKUP_IMPORT', isCleanSlate: true }))
      .expect(200);
    await upload(first, user).expect(200);
  });

  it('the route-level limit of DELETE /api/sync/data still applies (3 per 15 minutes)', async () => {
    const user = await newUser();
    const ip = someIp();
    const wipe = () => first.http().delete('/api/sync/data').set('Authorization', `Bearer ${user.token}`).set('X-Forwarded-For', ip);
    for (let i = 0; i < 3; i++) await wipe().expect(200);
    const refused = await wipe().expect(429);
    expect(refused.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Rate limit exceeded, retry in 15 minutes',
    });
  });
});

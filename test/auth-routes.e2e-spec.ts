import { createTestApp, TestApp } from './helpers/test-app';

const TEST_MODE_ENV = { TEST_MODE: 'true', TEST_MODE_CONFIRM: 'yes-i-understand-the-risks' };

describe('routes that exist only sometimes (accounts spec §3.17, §3.18)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('A-50 the legacy password routes answer 404', async () => {
    for (const path of ['/api/register', '/api/login', '/api/forgot-password', '/api/reset-password']) {
      const res = await t.http().post(path).send({ email: 'a@example.com', password: 'correct horse battery' });
      expect(`${path} ${res.status}`).toBe(`${path} 404`);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
  });

  it('A-51 without TEST_MODE every /api/test/* path is 404', async () => {
    const calls = [
      t.http().post('/api/test/create-user').send({ email: 'a@example.com', password: 'password123' }),
      t.http().post('/api/test/cleanup').send({}),
      t.http().delete('/api/test/user/1'),
      t.http().get('/api/test/user/1/ops'),
      t.http().post('/api/test/user/1/legacy-plaintext-ops').send({}),
      t.http().delete('/api/test/user/1/ops-after/5'),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(404);
    expect(await t.prisma.user.count()).toBe(0);
  });

  describe('with TEST_MODE', () => {
    let testMode: TestApp;
    beforeAll(async () => {
      testMode = await createTestApp({ env: TEST_MODE_ENV });
    });
    afterAll(() => testMode.close());

    const createUser = (email: string, password = 'password123') => testMode.http().post('/api/test/create-user').send({ email, password });

    it('A-51 POST /api/test/create-user → 201 {token,userId,email} with a working token for a verified account', async () => {
      const res = await createUser('Tester@Example.com').expect(201);
      expect(res.body).toEqual({ token: expect.any(String), userId: expect.any(Number), email: 'Tester@Example.com' });
      await testMode.http().get('/api/audit').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      const user = await testMode.prisma.user.findUniqueOrThrow({ where: { id: res.body.userId } });
      expect(user).toMatchObject({ email: 'Tester@Example.com', isVerified: 1, tokenVersion: 0 });
      expect(user.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(user.passwordHash).not.toContain('password123');
    });

    it('replaces an existing account of the same address with a fresh one (its data goes by cascade)', async () => {
      const first = (await createUser('again@example.com').expect(201)).body;
      await testMode.prisma.passkey.create({ data: { userId: first.userId, credentialId: Buffer.from('c'), publicKey: Buffer.from('k') } });
      const second = (await createUser('again@example.com').expect(201)).body;
      expect(await testMode.prisma.user.count({ where: { email: 'again@example.com' } })).toBe(1);
      expect(await testMode.prisma.passkey.count({ where: { userId: { in: [first.userId, second.userId] } } })).toBe(0);
      await testMode.http().get('/api/audit').set('Authorization', `Bearer ${second.token}`).expect(200);
    });

    it('validates create-user (password of at least 8 characters)', async () => {
      const res = await createUser('short@example.com', 'short').expect(400);
      expect(res.body.details[0].path).toEqual(['password']);
    });

    it('registers and verifies at once in TEST_MODE (N-REG-AUTO) without mail', async () => {
      const res = await testMode.http().post('/api/register/magic-link').send({ email: 'auto@example.com' }).expect(201);
      expect(res.body.message).toMatch(/verified automatically/);
      expect(await testMode.prisma.user.findUniqueOrThrow({ where: { email: 'auto@example.com' } })).toMatchObject({
        isVerified: 1,
        verificationToken: null,
      });
    });

    it('DELETE /api/test/user/:userId deletes one account, 404 when absent; cleanup deletes all accounts', async () => {
      const { userId } = (await createUser('gone@example.com').expect(201)).body;
      expect((await testMode.http().delete(`/api/test/user/${userId}`).expect(200)).body).toEqual({ success: true });
      await testMode.http().delete(`/api/test/user/${userId}`).expect(404);
      await createUser('other@example.com').expect(201);
      expect((await testMode.http().post('/api/test/cleanup').send({}).expect(200)).body).toEqual({ cleaned: true });
      expect(await testMode.prisma.user.count()).toBe(0);
    });
  });
});

import { createHash } from 'node:crypto';
import { NeutralMessage } from '../src/auth/auth.responses';
import { createVerifiedUser } from './factories/user.factory';
import { confirmVerificationLink, lastMailTo, post, uniqueEmail, useMailedApp } from './helpers/account-flows';
import { SmtpSink, tokenIn } from './helpers/smtp-sink';
import { createTestApp, TestApp } from './helpers/test-app';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('magic-link login (accounts spec §3.8, §3.9)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  useMailedApp((app) => ({ t, sink } = app));

  const requestLink = (email: string) => post(t, '/api/login/magic-link', { email }).expect(200);
  const loginTokenOf = (email: string) => tokenIn(lastMailTo(sink, email), '/magic-login');
  const redeem = (token: string, app = t) => post(app, '/api/login/magic-link/verify', { token });

  it('A-21 stores addresses lower-cased: a link requested in lower case reaches the account registered as Foo@Example.COM', async () => {
    const suffix = Date.now().toString(36);
    await post(t, '/api/register/magic-link', { email: `Foo${suffix}@Example.COM` }).expect(201);
    const stored = `foo${suffix}@example.com`;
    await confirmVerificationLink(t, tokenIn(lastMailTo(sink, stored), '/verify-email')).expect(200);
    await requestLink(stored);
    const res = await redeem(loginTokenOf(stored)).expect(200);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: stored } });
    expect(res.body.user).toEqual({ id: user.id, email: stored });
    expect(await t.prisma.user.count({ where: { email: { equals: stored, mode: 'insensitive' } } })).toBe(1);
  });

  it('A-27 answers one body for unknown, unverified and verified addresses; only the verified one gets mail', async () => {
    const verified = await createVerifiedUser(t);
    const unverified = await createVerifiedUser(t, { isVerified: 0 });
    const unknown = uniqueEmail();
    const bodies = [];
    for (const email of [unknown, unverified.email, verified.email]) bodies.push((await requestLink(email)).body);
    expect(bodies).toEqual([1, 2, 3].map(() => ({ message: NeutralMessage.loginLinkSent })));
    expect(sink.to(unknown)).toHaveLength(0);
    expect(sink.to(unverified.email)).toHaveLength(0);
    expect(sink.to(verified.email)).toHaveLength(1);
  });

  it('sends to the stored address, whatever case was typed (§6.2)', async () => {
    const user = await createVerifiedUser(t);
    await requestLink(user.email.toUpperCase());
    expect(sink.to(user.email)).toHaveLength(1);
    expect(sink.to(user.email.toUpperCase())).toHaveLength(0);
  });

  it('A-28 a second request within 15 minutes sends nothing and keeps the token; after expiry a new token and mail', async () => {
    const user = await createVerifiedUser(t);
    await requestLink(user.email);
    const first = loginTokenOf(user.email);
    const stored = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.loginToken).toBe(sha256(first));
    const expiresIn = Number(stored.loginTokenExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(15 * 60_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);

    await requestLink(user.email);
    expect(sink.to(user.email)).toHaveLength(1);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).loginToken).toBe(sha256(first));

    await t.prisma.user.update({ where: { id: user.id }, data: { loginTokenExpiresAt: BigInt(Date.now() - 1) } });
    await requestLink(user.email);
    expect(sink.to(user.email)).toHaveLength(2);
    const second = loginTokenOf(user.email);
    expect(second).not.toBe(first);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).loginToken).toBe(sha256(second));
  });

  it('A-29 when the mail cannot be sent the slot is empty again and the answer is still 200 N-LOGIN', async () => {
    const user = await createVerifiedUser(t);
    sink.rejecting = true;
    try {
      const res = await requestLink(user.email);
      expect(res.body).toEqual({ message: NeutralMessage.loginLinkSent });
    } finally {
      sink.rejecting = false;
    }
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.loginToken).toBeNull();
    expect(after.loginTokenExpiresAt).toBeNull();
    await requestLink(user.email);
    expect(sink.to(user.email)).toHaveLength(1);
  });

  it('A-30 (API side) fetching the emailed link consumes nothing: only the POST redeems the token', async () => {
    const user = await createVerifiedUser(t);
    await requestLink(user.email);
    const link = tokenIn(lastMailTo(sink, user.email), '/magic-login');
    // What a mail scanner does: GET the link (the page itself is the web module's).
    await t.http().get(`/magic-login?token=${link}`);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).loginToken).toBe(sha256(link));
    await redeem(link).expect(200);
  });

  it('A-31 a valid token → 200 {token,user}; reusing it → 401; an expired one → 401 and is cleared', async () => {
    const user = await createVerifiedUser(t);
    await t.prisma.user.update({
      where: { id: user.id },
      data: { failedLoginAttempts: 4, lockedUntil: BigInt(Date.now() + 60_000), tokenVersion: 2 },
    });
    await requestLink(user.email);
    const token = loginTokenOf(user.email);
    const res = await redeem(token).expect(200);
    expect(res.body.user).toEqual({ id: user.id, email: user.email });
    await t.http().get('/api/audit').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ loginToken: null, loginTokenExpiresAt: null, failedLoginAttempts: 0, lockedUntil: null });
    const signedIn = await t.prisma.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'signed_in' } });
    expect(signedIn.details).toEqual({ method: 'magic_link' });

    const reused = await redeem(token).expect(401);
    expect(reused.body).toEqual({
      error: 'Invalid or expired login link',
      errorCode: 'INVALID_LOGIN_LINK',
      correlationId: expect.any(String),
    });

    await t.prisma.user.update({ where: { id: user.id }, data: { loginTokenExpiresAt: null } });
    await requestLink(user.email);
    const late = loginTokenOf(user.email);
    await t.prisma.user.update({ where: { id: user.id }, data: { loginTokenExpiresAt: BigInt(Date.now() - 1) } });
    expect((await redeem(late).expect(401)).body.error).toBe('Invalid or expired login link');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).loginToken).toBeNull();
    expect((await redeem('unknown-token').expect(401)).body.error).toBe('Invalid or expired login link');
  });

  describe('two instances on one database', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ db: t.db, env: sink.env() });
    });
    afterAll(() => second.close());

    it('A-32 concurrent redemptions of one login token on two instances produce exactly one 200', async () => {
      for (let round = 0; round < 5; round++) {
        const user = await createVerifiedUser(t);
        await requestLink(user.email);
        const token = loginTokenOf(user.email);
        const answers = await Promise.all([t, second, t, second].map((app) => redeem(token, app)));
        expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
      }
    });

    it('sends at most one mail for concurrent link requests on two instances', async () => {
      const user = await createVerifiedUser(t);
      await Promise.all([t, second, t, second].map((app) => post(app, '/api/login/magic-link', { email: user.email }).expect(200)));
      expect(sink.to(user.email)).toHaveLength(1);
    });
  });
});

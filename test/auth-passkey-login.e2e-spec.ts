import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { createPasskeyAccount, loginWithPasskey, post, registerPasskey, uniqueEmail, useMailedApp } from './helpers/account-flows';
import { SmtpSink } from './helpers/smtp-sink';
import { SoftwareAuthenticator } from './helpers/software-authenticator';
import { createTestApp, TestApp } from './helpers/test-app';

const decodeJwt = (token: string) =>
  token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));

describe('passkey login (accounts spec §3.6, §3.7)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  useMailedApp((app) => ({ t, sink } = app));

  const options = async (email: string, app = t) =>
    (await post(app, '/api/login/passkey/options', { email }).expect(200)).body as PublicKeyCredentialRequestOptionsJSON;

  it('A-22 answers request options without allowCredentials, identically shaped for unknown, unverified and verified addresses', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
    const verified = await createPasskeyAccount(t, sink, authenticator);
    const unverified = uniqueEmail();
    await registerPasskey(t, authenticator, unverified);
    const answers = await Promise.all([uniqueEmail(), unverified, verified.email].map((email) => options(email)));
    for (const answer of answers) {
      expect(Object.keys(answer).sort()).toEqual(['challenge', 'rpId', 'timeout', 'userVerification']);
      expect(answer).toMatchObject({ rpId: t.config.webauthn.rpId, timeout: 60000, userVerification: 'preferred' });
      expect(Buffer.from(answer.challenge, 'base64url')).toHaveLength(32);
    }
    expect(new Set(answers.map((a) => a.challenge)).size).toBe(3);
  });

  it('A-23 signs in with a passkey: {token, user}; an HS256 JWT with integer userId, lower-case email, current tokenVersion, 365 days', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
    const account = await createPasskeyAccount(t, sink, authenticator, uniqueEmail('Upper'));
    await t.prisma.user.update({ where: { id: account.userId }, data: { tokenVersion: 3 } });
    const res = await loginWithPasskey(t, authenticator, account.email.toUpperCase());
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ id: account.userId, email: account.email });
    expect(account.email).toBe(account.email.toLowerCase());
    const [header, claims] = decodeJwt(res.body.token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(claims).toMatchObject({ userId: account.userId, email: account.email, tokenVersion: 3 });
    expect(Number.isInteger(claims.userId)).toBe(true);
    expect(claims.exp - claims.iat).toBe(31_536_000);
    await t.http().get('/api/audit').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    const signedIn = await t.prisma.auditEvent.findFirstOrThrow({ where: { userId: account.userId, type: 'signed_in' } });
    expect(signedIn.details).toEqual({ method: 'passkey' });
    expect(signedIn.ip).toMatch(/\/24$/);
  });

  it('A-24 a credential id that is not active → 401 Authentication failed, and the challenge is consumed', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
    const email = uniqueEmail();
    await registerPasskey(t, authenticator, email); // pending only, never activated
    const challenge = await options(email);
    const assertion = authenticator.authenticate(challenge);
    const res = await post(t, '/api/login/passkey/verify', { email, credential: assertion }).expect(401);
    expect(res.body).toEqual({ error: 'Authentication failed', errorCode: 'AUTHENTICATION_FAILED', correlationId: expect.any(String) });
    const again = await post(t, '/api/login/passkey/verify', { email, credential: assertion }).expect(401);
    expect(again.body).toEqual({
      error: 'Challenge expired or not found. Please start again.',
      errorCode: 'CHALLENGE_NOT_FOUND',
      correlationId: expect.any(String),
    });
  });

  it('A-25 an assertion by account B’s credential sent with account A’s email yields a token for B', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
    const a = await createPasskeyAccount(t, sink, authenticator);
    const b = await createPasskeyAccount(t, sink, authenticator);
    const res = await loginWithPasskey(t, authenticator, a.email, b.credential);
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ id: b.userId, email: b.email });
    expect(decodeJwt(res.body.token)[1].userId).toBe(b.userId);
  });

  it('A-26 stores the assertion counter and last_used_at; a later counter ≤ the stored one → 401', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin, 1);
    const account = await createPasskeyAccount(t, sink, authenticator);
    expect((await loginWithPasskey(t, authenticator, account.email, undefined, { signCount: 5 })).status).toBe(200);
    const stored = await t.prisma.passkey.findFirstOrThrow({ where: { userId: account.userId } });
    expect(stored.counter).toBe(5n);
    expect(stored.lastUsedAt).toBeInstanceOf(Date);
    expect(Date.now() - stored.lastUsedAt!.getTime()).toBeLessThan(60_000);
    for (const signCount of [5, 4]) {
      const res = await loginWithPasskey(t, authenticator, account.email, undefined, { signCount });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('Authentication failed');
    }
    expect((await loginWithPasskey(t, authenticator, account.email, undefined, { signCount: 6 })).status).toBe(200);
    expect((await t.prisma.passkey.findFirstOrThrow({ where: { userId: account.userId } })).counter).toBe(6n);
  });

  it('keeps counters of synced passkeys at 0 and lets them log in repeatedly', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin, 0);
    const account = await createPasskeyAccount(t, sink, authenticator);
    for (let i = 0; i < 2; i++) expect((await loginWithPasskey(t, authenticator, account.email)).status).toBe(200);
    expect((await t.prisma.passkey.findFirstOrThrow({ where: { userId: account.userId } })).counter).toBe(0n);
  });

  it('refuses a signature by another key, a wrong origin and an expired challenge', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
    const account = await createPasskeyAccount(t, sink, authenticator);
    const impostor = new SoftwareAuthenticator(t.config.webauthn.origin);
    impostor.register({ ...(await post(t, '/api/register/passkey/options', { email: uniqueEmail() })).body });
    const forged = { ...impostor.newest(), id: account.credential.id };
    expect((await loginWithPasskey(t, impostor, account.email, forged)).status).toBe(401);

    const wrongOrigin = authenticator.authenticate(await options(account.email), undefined, { origin: 'https://phish.example' });
    expect((await post(t, '/api/login/passkey/verify', { email: account.email, credential: wrongOrigin }).expect(401)).body.error).toBe(
      'Authentication failed',
    );

    const challenge = await options(account.email);
    await t.prisma.webauthnChallenge.updateMany({ where: { ceremony: 'authentication' }, data: { expiresAt: new Date(Date.now() - 1) } });
    const late = await post(t, '/api/login/passkey/verify', {
      email: account.email,
      credential: authenticator.authenticate(challenge),
    }).expect(401);
    expect(late.body.errorCode).toBe('CHALLENGE_NOT_FOUND');
  });

  it('answers 401 Email not verified when the credential’s owner is unverified', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
    const account = await createPasskeyAccount(t, sink, authenticator);
    await t.prisma.user.update({ where: { id: account.userId }, data: { isVerified: 0 } });
    const res = await loginWithPasskey(t, authenticator, account.email);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'Email not verified', errorCode: 'EMAIL_NOT_VERIFIED', correlationId: expect.any(String) });
  });

  it('validates the body: no email → 400 Validation failed', async () => {
    const res = await post(t, '/api/login/passkey/verify', { credential: {} }).expect(400);
    expect(res.body.error).toBe('Validation failed');
    await post(t, '/api/login/passkey/options', {}).expect(400);
    await post(t, '/api/login/passkey/verify', { email: uniqueEmail(), credential: 'text' }).expect(400);
  });

  describe('two instances on one database', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ db: t.db, env: sink.env() });
    });
    afterAll(() => second.close());

    it('finishes on one instance a ceremony whose challenge another instance issued (registration and login)', async () => {
      const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
      const email = uniqueEmail();
      const creation = (await post(t, '/api/register/passkey/options', { email }).expect(200)).body;
      await post(second, '/api/register/passkey/verify', { email, credential: authenticator.register(creation) }).expect(201);
      const account = await createPasskeyAccount(t, sink, authenticator);
      const challenge = await options(account.email, second);
      const res = await post(t, '/api/login/passkey/verify', {
        email: account.email,
        credential: authenticator.authenticate(challenge),
      }).expect(200);
      expect(res.body.user.id).toBe(account.userId);
    });

    it('lets only one of two concurrent completions on different instances consume a challenge', async () => {
      const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
      const account = await createPasskeyAccount(t, sink, authenticator);
      const assertion = authenticator.authenticate(await options(account.email));
      const answers = await Promise.all(
        [t, second].map((app) => post(app, '/api/login/passkey/verify', { email: account.email, credential: assertion })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    });
  });
});

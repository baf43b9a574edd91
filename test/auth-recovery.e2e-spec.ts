import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { createHash } from 'node:crypto';
import { NeutralMessage } from '../src/auth/auth.responses';
import { TokenService } from '../src/auth';
import { createVerifiedUser } from './factories/user.factory';
import {
  createPasskeyAccount,
  lastMailTo,
  loginWithPasskey,
  post,
  registerPasskey,
  uniqueEmail,
  useMailedApp,
} from './helpers/account-flows';
import { EventListener } from './helpers/event-listener';
import { SmtpSink, tokenIn } from './helpers/smtp-sink';
import { SoftwareAuthenticator } from './helpers/software-authenticator';
import { TestApp } from './helpers/test-app';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('passkey recovery (accounts spec §3.10–§3.12)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let authenticator: SoftwareAuthenticator;
  let events: EventListener;
  // Declared first so it runs first: the listener must let go before the app drops its database.
  afterAll(() => events.stop());
  useMailedApp(async (app) => {
    ({ t, sink, authenticator } = app);
    events = await EventListener.start(t.db.url);
  });

  const requestRecovery = (email: string) => post(t, '/api/recover/passkey', { email }).expect(200);
  const recoveryTokenOf = (email: string) => tokenIn(lastMailTo(sink, email), '/recover-passkey');
  const recoveryOptions = (token: string) => post(t, '/api/recover/passkey/options', { token });

  /** A verified passkey account with an outstanding recovery link. */
  async function accountInRecovery() {
    const account = await createPasskeyAccount(t, sink, authenticator);
    await requestRecovery(account.email);
    return { ...account, token: recoveryTokenOf(account.email) };
  }

  it('A-33 answers one body for unknown, unverified, passkey-less and eligible accounts; only the eligible one gets a link, once per hour', async () => {
    const eligible = await createPasskeyAccount(t, sink, authenticator);
    const passkeyless = await createVerifiedUser(t);
    const unverified = uniqueEmail();
    await registerPasskey(t, authenticator, unverified);
    const withPassword = await createPasskeyAccount(t, sink, authenticator);
    await t.prisma.user.update({ where: { id: withPassword.userId }, data: { passwordHash: 'legacy' } });
    const unknown = uniqueEmail();
    const mailsBefore = sink.messages.length;

    const bodies = [];
    for (const email of [unknown, unverified, passkeyless.email, withPassword.email, eligible.email])
      bodies.push((await requestRecovery(email)).body);
    expect(bodies).toEqual(bodies.map(() => ({ message: NeutralMessage.recoveryLinkSent })));
    expect(sink.messages.length).toBe(mailsBefore + 1);
    const token = recoveryTokenOf(eligible.email);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const stored = await t.prisma.user.findUniqueOrThrow({ where: { id: eligible.userId } });
    expect(stored.passkeyRecoveryToken).toBe(sha256(token));
    const expiresIn = Number(stored.passkeyRecoveryTokenExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(3600_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);

    await requestRecovery(eligible.email);
    expect(sink.messages.length).toBe(mailsBefore + 1);
  });

  it('releases the recovery slot when the mail cannot be sent', async () => {
    const account = await createPasskeyAccount(t, sink, authenticator);
    sink.rejecting = true;
    try {
      await requestRecovery(account.email);
    } finally {
      sink.rejecting = false;
    }
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: account.userId } })).passkeyRecoveryToken).toBeNull();
  });

  it('A-34 a valid token gives {email, options} with residentKey preferred, twice; unknown or expired → 400', async () => {
    const account = await accountInRecovery();
    for (let i = 0; i < 2; i++) {
      const res = await recoveryOptions(account.token).expect(200);
      expect(res.body.email).toBe(account.email);
      const options = res.body.options as PublicKeyCredentialCreationOptionsJSON;
      expect(options.authenticatorSelection).toEqual({
        residentKey: 'preferred',
        requireResidentKey: false,
        userVerification: 'preferred',
      });
      expect(options.user.name).toBe(account.email);
      expect(options.excludeCredentials).toEqual([]);
      expect(options.attestation).toBe('none');
    }
    const unknown = await recoveryOptions('0'.repeat(64)).expect(400);
    expect(unknown.body).toEqual({
      error: 'Invalid or expired recovery token',
      errorCode: 'INVALID_RECOVERY_TOKEN',
      correlationId: expect.any(String),
    });

    await t.prisma.user.update({ where: { id: account.userId }, data: { passkeyRecoveryTokenExpiresAt: BigInt(Date.now() - 1) } });
    expect((await recoveryOptions(account.token).expect(400)).body.error).toBe('Invalid or expired recovery token');
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: account.userId } })).passkeyRecoveryToken).toBeNull();
  });

  it('A-35 completion replaces all passkeys by the new one, bumps tokenVersion, revokes old tokens, clears the token and closes sockets with 4003', async () => {
    const account = await accountInRecovery();
    const before = await t.prisma.user.findUniqueOrThrow({ where: { id: account.userId } });
    const oldToken = t.get(TokenService).sign({ userId: account.userId, email: account.email, tokenVersion: before.tokenVersion });
    await t.http().get('/api/audit').set('Authorization', `Bearer ${oldToken}`).expect(200);
    // A magic-login token is not touched by recovery.
    await post(t, '/api/login/magic-link', { email: account.email }).expect(200);

    const options = (await recoveryOptions(account.token).expect(200)).body.options;
    const replacement = authenticator.register(options);
    const res = await post(t, '/api/recover/passkey/complete', { token: account.token, credential: replacement }).expect(200);
    expect(res.body).toEqual({ message: NeutralMessage.passkeyRecovered });
    expect(JSON.stringify(res.body)).not.toMatch(/eyJ/);

    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: account.userId }, include: { passkeys: true } });
    expect(after.tokenVersion).toBe(before.tokenVersion + 1);
    expect(after.passkeyRecoveryToken).toBeNull();
    expect(after.passkeyRecoveryTokenExpiresAt).toBeNull();
    expect(after.loginToken).not.toBeNull();
    expect(after.passkeys.map((p) => Buffer.from(p.credentialId).toString('hex'))).toEqual([authenticator.newest().id.toString('hex')]);
    const revoked = await t.http().get('/api/audit').set('Authorization', `Bearer ${oldToken}`).expect(401);
    expect(revoked.body.error).toBe('Token was revoked. Please log in again to get a new token.');

    await events.caughtUp();
    expect(events.heard).toContainEqual({ type: 'close_sockets', userId: account.userId, code: 4003, reason: 'Token revoked' });

    expect((await loginWithPasskey(t, authenticator, account.email, account.credential)).status).toBe(401);
    expect((await loginWithPasskey(t, authenticator, account.email)).status).toBe(200);
    const trail = await t.prisma.auditEvent.findMany({
      where: { userId: account.userId, type: { in: ['passkey_removed', 'passkey_added', 'recovery_completed'] } },
      orderBy: { id: 'asc' },
    });
    expect(trail.slice(-3).map((e) => [e.type, e.details])).toEqual([
      ['passkey_removed', { reason: 'recovery', count: 1 }],
      ['passkey_added', { reason: 'recovery' }],
      ['recovery_completed', {}],
    ]);
  });

  it('A-36 completion without an options call → E-CHALLENGE; with a used token → Invalid or expired recovery token', async () => {
    const account = await accountInRecovery();
    const creation = (await post(t, '/api/register/passkey/options', { email: uniqueEmail() })).body;
    const noChallenge = await post(t, '/api/recover/passkey/complete', {
      token: account.token,
      credential: authenticator.register(creation),
    }).expect(400);
    expect(noChallenge.body).toEqual({
      error: 'Challenge expired or not found. Please start again.',
      errorCode: 'CHALLENGE_NOT_FOUND',
      correlationId: expect.any(String),
    });

    const options = (await recoveryOptions(account.token).expect(200)).body.options;
    await post(t, '/api/recover/passkey/complete', { token: account.token, credential: authenticator.register(options) }).expect(200);
    const used = await post(t, '/api/recover/passkey/complete', {
      token: account.token,
      credential: authenticator.register(options),
    }).expect(400);
    expect(used.body).toEqual({
      error: 'Invalid or expired recovery token',
      errorCode: 'INVALID_RECOVERY_TOKEN',
      correlationId: expect.any(String),
    });
  });

  it('refuses a replacement attestation from another origin with E-PASSKEY and keeps the old passkey', async () => {
    const account = await accountInRecovery();
    const options = (await recoveryOptions(account.token).expect(200)).body.options;
    const foreign = new SoftwareAuthenticator('https://phish.example').register(options);
    const res = await post(t, '/api/recover/passkey/complete', { token: account.token, credential: foreign }).expect(400);
    expect(res.body.errorCode).toBe('PASSKEY_VERIFICATION_FAILED');
    const user = await t.prisma.user.findUniqueOrThrow({ where: { id: account.userId }, include: { passkeys: true } });
    expect(user.passkeys).toHaveLength(1);
    expect(user.passkeyRecoveryToken).not.toBeNull();
  });

  it('lets only one of two concurrent completions with one token succeed', async () => {
    const account = await accountInRecovery();
    const first = (await recoveryOptions(account.token).expect(200)).body.options;
    const credential = authenticator.register(first);
    const answers = await Promise.all([1, 2].map(() => post(t, '/api/recover/passkey/complete', { token: account.token, credential })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: account.userId } })).tokenVersion).toBe(1);
  });
});

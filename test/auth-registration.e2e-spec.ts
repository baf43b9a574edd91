import { createHash } from 'node:crypto';
import { NeutralMessage } from '../src/auth/auth.responses';
import { createVerifiedUser } from './factories/user.factory';
import { lastMailTo, post, registerPasskey, uniqueEmail, useMailedApp } from './helpers/account-flows';
import { SmtpSink, tokenIn } from './helpers/smtp-sink';
import { SoftwareAuthenticator } from './helpers/software-authenticator';
import { createTestApp, TestApp } from './helpers/test-app';

const PRIVACY_ENV = {
  PRIVACY_CONTACT_NAME: 'Jane Operator',
  PRIVACY_ADDRESS_STREET: '1 Main Street',
  PRIVACY_ADDRESS_CITY: 'Springfield',
  PRIVACY_ADDRESS_COUNTRY: 'Freedonia',
  PRIVACY_CONTACT_EMAIL: 'privacy@example.com',
};
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const isBase64Url = (value: string, bytes: number) => /^[A-Za-z0-9_-]+$/.test(value) && Buffer.from(value, 'base64url').length === bytes;

describe('registration (accounts spec §3.1–§3.3)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let authenticator: SoftwareAuthenticator;
  useMailedApp((app) => ({ t, sink, authenticator } = app));

  describe('email validation (§2.3)', () => {
    it('A-4 refuses a malformed email with Validation failed and an issue on ["email"]', async () => {
      const res = await post(t, '/api/register/passkey/options', { email: 'not-an-email' }).expect(400);
      expect(res.body.error).toBe('Validation failed');
      expect(res.body.errorCode).toBe('VALIDATION_FAILED');
      expect(res.body.details.length).toBeGreaterThan(0);
      expect(res.body.details[0]).toMatchObject({ path: ['email'], message: 'Invalid email format' });
    });

    it.each([
      'user@localhost',
      'user@[127.0.0.1]',
      'user@127.0.0.1',
      'jürgen@example.com',
      'user@exämple.com',
      '.user@example.com',
      'us..er@example.com',
      'user.@example.com',
      'user@-example.com',
      'user@example.c',
      'user@example.c0m',
      '@example.com',
      'user@@example.com',
      '',
    ])('rejects %p as an email address', async (email) => {
      const res = await post(t, '/api/register/magic-link', { email }).expect(400);
      expect(res.body.details.map((d: { path: string[] }) => d.path)).toContainEqual(['email']);
    });

    it.each(["o'brien+tag@mail.example.co.uk", 'a_b-c.d@sub-1.example.org', 'X@EXAMPLE.COM'])('accepts %p', async (email) => {
      await post(t, '/api/register/magic-link', { email }).expect(201);
    });

    it('ignores unknown fields instead of refusing them (§2.2)', async () => {
      await post(t, '/api/register/passkey/options', { email: uniqueEmail(), clientId: 'x', extra: { a: 1 } }).expect(200);
    });
  });

  describe('passkey registration options', () => {
    it('A-5 answers creation options for the relying party with a fresh 32-byte challenge', async () => {
      const email = 'New.Person@Example.com';
      const res = await post(t, '/api/register/passkey/options', { email }).expect(200);
      const options = res.body;
      expect(options.rp).toEqual({ name: t.config.webauthn.rpName, id: t.config.webauthn.rpId });
      expect(options.user.name).toBe(email);
      expect(options.user.displayName).toBe(email);
      expect(isBase64Url(options.user.id, 32)).toBe(true);
      expect(options.attestation).toBe('none');
      expect(options.authenticatorSelection).toEqual({ residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' });
      expect(options.excludeCredentials).toEqual([]);
      expect(options.pubKeyCredParams).toEqual([-8, -7, -257].map((alg) => ({ alg, type: 'public-key' })));
      expect(options.timeout).toBe(60000);
      expect(options.extensions).toEqual({ credProps: true });
      expect(options.hints).toEqual([]);
      expect(isBase64Url(options.challenge, 32)).toBe(true);
      const again = (await post(t, '/api/register/passkey/options', { email }).expect(200)).body;
      expect(again.challenge).not.toBe(options.challenge);
      expect(again.user.id).not.toBe(options.user.id);
    });

    it('A-6 gives an existing verified account with a passkey the same keys and still no excludeCredentials', async () => {
      const user = await createVerifiedUser(t);
      await t.prisma.passkey.create({
        data: { userId: user.id, credentialId: Buffer.from('existing-credential'), publicKey: Buffer.from('key') },
      });
      const existing = (await post(t, '/api/register/passkey/options', { email: user.email }).expect(200)).body;
      const unknown = (await post(t, '/api/register/passkey/options', { email: uniqueEmail() }).expect(200)).body;
      expect(Object.keys(existing).sort()).toEqual(Object.keys(unknown).sort());
      expect(existing.excludeCredentials).toEqual([]);
    });
  });

  describe('passkey registration verify', () => {
    it('A-9 refuses verify without an options call, and a second verify after one attempt, with E-CHALLENGE', async () => {
      const email = uniqueEmail();
      const stray = authenticator.register((await post(t, '/api/register/passkey/options', { email: uniqueEmail() })).body);
      const none = await post(t, '/api/register/passkey/verify', { email, credential: stray }).expect(400);
      expect(none.body).toMatchObject({ errorCode: 'CHALLENGE_NOT_FOUND' });

      // A failed attempt (wrong origin) burns the challenge too.
      const options = (await post(t, '/api/register/passkey/options', { email }).expect(200)).body;
      const foreign = new SoftwareAuthenticator('https://evil.example').register(options);
      expect((await post(t, '/api/register/passkey/verify', { email, credential: foreign }).expect(400)).body.errorCode).toBe(
        'PASSKEY_VERIFICATION_FAILED',
      );
      const retry = await post(t, '/api/register/passkey/verify', { email, credential: authenticator.register(options) }).expect(400);
      expect(retry.body.errorCode).toBe('CHALLENGE_NOT_FOUND');

      // So does a successful one.
      const { response, credential } = await registerPasskey(t, authenticator, email);
      expect(response.status).toBe(201);
      const replay = await post(t, '/api/register/passkey/verify', {
        email,
        credential: { ...stray, id: credential.id.toString('base64url') },
      }).expect(400);
      expect(replay.body.errorCode).toBe('CHALLENGE_NOT_FOUND');
    });

    it('A-10 rejects a challenge older than 5 minutes with E-CHALLENGE', async () => {
      const email = uniqueEmail();
      const options = (await post(t, '/api/register/passkey/options', { email }).expect(200)).body;
      const stored = await t.prisma.webauthnChallenge.updateMany({
        where: { ceremony: 'registration' },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      expect(stored.count).toBeGreaterThan(0);
      const res = await post(t, '/api/register/passkey/verify', { email, credential: authenticator.register(options) }).expect(400);
      expect(res.body).toMatchObject({ error: 'Challenge expired or not found. Please start again.', errorCode: 'CHALLENGE_NOT_FOUND' });
      expect(await t.prisma.user.count({ where: { email } })).toBe(0);
    });

    it('refuses an attestation for another relying party or a tampered challenge with E-PASSKEY', async () => {
      const email = uniqueEmail();
      const options = (await post(t, '/api/register/passkey/options', { email }).expect(200)).body;
      const wrongRp = authenticator.register({ ...options, rp: { ...options.rp, id: 'evil.example' } });
      expect((await post(t, '/api/register/passkey/verify', { email, credential: wrongRp }).expect(400)).body.errorCode).toBe(
        'PASSKEY_VERIFICATION_FAILED',
      );
      const again = (await post(t, '/api/register/passkey/options', { email }).expect(200)).body;
      const otherChallenge = authenticator.register({ ...again, challenge: Buffer.alloc(32, 7).toString('base64url') });
      expect((await post(t, '/api/register/passkey/verify', { email, credential: otherChallenge }).expect(400)).body.errorCode).toBe(
        'PASSKEY_VERIFICATION_FAILED',
      );
      const garbage = await post(t, '/api/register/passkey/verify', { email, credential: { id: 'x' } }).expect(400);
      expect(garbage.body.errorCode).toBe('CHALLENGE_NOT_FOUND');
    });

    it('A-11 stages the credential as pending on an unverified account and mails a 24-hour link', async () => {
      const email = uniqueEmail('Mixed');
      const { response, credential } = await registerPasskey(t, authenticator, email);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ message: NeutralMessage.registered });

      const user = await t.prisma.user.findUniqueOrThrow({
        where: { email: email.toLowerCase() },
        include: { passkeys: true, pendingPasskeyRegistrations: true },
      });
      expect(user.isVerified).toBe(0);
      expect(user.passwordHash).toBeNull();
      expect(user.termsAcceptedAt).toBeNull();
      expect(user.storageQuotaBytes).toBe(BigInt(t.config.defaultStorageQuotaBytes));
      expect(user.passkeys).toEqual([]);
      expect(user.pendingPasskeyRegistrations).toHaveLength(1);
      const pending = user.pendingPasskeyRegistrations[0];
      expect(Buffer.from(pending.credentialId).equals(credential.id)).toBe(true);
      expect(pending.transports).toBe('["internal","hybrid"]');
      const expiresIn = Number(pending.verificationTokenExpiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(24 * 3600_000 - 60_000);
      expect(expiresIn).toBeLessThanOrEqual(24 * 3600_000);

      const mail = lastMailTo(sink, email.toLowerCase());
      expect(sink.to(email.toLowerCase())).toHaveLength(1);
      const token = tokenIn(mail, '/verify-email');
      expect(token).toMatch(/^[0-9a-f]{64}$/);
      expect(pending.verificationToken).toBe(sha256(token));

      const created = await t.prisma.auditEvent.findMany({ where: { userId: user.id } });
      expect(created.map((e) => [e.type, e.details])).toEqual([['account_created', { method: 'passkey' }]]);
    });

    it('A-13 answers N-REG for an already verified address without changing anything or sending mail', async () => {
      const user = await createVerifiedUser(t);
      const before = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      const mailsBefore = sink.messages.length;
      const { response } = await registerPasskey(t, authenticator, user.email);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ message: NeutralMessage.registered });
      expect(await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(before);
      expect(await t.prisma.pendingPasskeyRegistration.count({ where: { userId: user.id } })).toBe(0);
      expect(await t.prisma.passkey.count({ where: { userId: user.id } })).toBe(0);
      expect(sink.messages.length).toBe(mailsBefore);
    });
  });

  describe('magic-link registration', () => {
    it('A-18 creates an unverified account without password or passkey and mails a 24-hour link', async () => {
      const email = uniqueEmail();
      const res = await post(t, '/api/register/magic-link', { email }).expect(201);
      expect(res.body).toEqual({ message: NeutralMessage.registered });
      const user = await t.prisma.user.findUniqueOrThrow({ where: { email }, include: { passkeys: true } });
      expect(user).toMatchObject({ isVerified: 0, passwordHash: null, verificationResendCount: 0, termsAcceptedAt: null });
      expect(user.passkeys).toEqual([]);
      const token = tokenIn(lastMailTo(sink, email), '/verify-email');
      expect(user.verificationToken).toBe(sha256(token));
      const expiresIn = Number(user.verificationTokenExpiresAt) - Date.now();
      expect(expiresIn).toBeGreaterThan(24 * 3600_000 - 60_000);
      expect(expiresIn).toBeLessThanOrEqual(24 * 3600_000);
    });

    it('A-19 re-registering replaces the link; after 20 re-registrations nothing more is sent, still 201 N-REG', async () => {
      const email = uniqueEmail();
      await post(t, '/api/register/magic-link', { email }).expect(201);
      const first = tokenIn(lastMailTo(sink, email), '/verify-email');
      await post(t, '/api/register/magic-link', { email }).expect(201);
      const second = tokenIn(lastMailTo(sink, email), '/verify-email');
      expect(second).not.toBe(first);
      expect((await post(t, '/api/verify-email', { token: first }).expect(400)).body.error).toBe('Invalid verification token');

      for (let i = 2; i <= 20; i++) await post(t, '/api/register/magic-link', { email }).expect(201);
      expect(sink.to(email)).toHaveLength(21);
      const capped = await post(t, '/api/register/magic-link', { email }).expect(201);
      expect(capped.body).toEqual({ message: NeutralMessage.registered });
      const { response } = await registerPasskey(t, authenticator, email);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ message: NeutralMessage.registered });
      expect(sink.to(email)).toHaveLength(21);
      const user = await t.prisma.user.findUniqueOrThrow({ where: { email } });
      expect(user.verificationResendCount).toBe(20);
      expect(await t.prisma.pendingPasskeyRegistration.count({ where: { userId: user.id } })).toBe(0);
      // The last link sent still works and resets the counter.
      await post(t, '/api/verify-email', { token: tokenIn(lastMailTo(sink, email), '/verify-email') }).expect(200);
      expect((await t.prisma.user.findUniqueOrThrow({ where: { email } })).verificationResendCount).toBe(0);
    });

    it('keeps the old link working when the new one cannot be mailed', async () => {
      const email = uniqueEmail();
      await post(t, '/api/register/magic-link', { email }).expect(201);
      const first = tokenIn(lastMailTo(sink, email), '/verify-email');
      sink.rejecting = true;
      try {
        expect((await post(t, '/api/register/magic-link', { email }).expect(201)).body).toEqual({ message: NeutralMessage.registered });
      } finally {
        sink.rejecting = false;
      }
      expect((await t.prisma.user.findUniqueOrThrow({ where: { email } })).verificationResendCount).toBe(0);
      await post(t, '/api/verify-email', { token: first }).expect(200);
    });

    it('answers one neutral body for new, unverified and verified addresses (§7.1)', async () => {
      const verified = await createVerifiedUser(t);
      const unverified = uniqueEmail();
      await post(t, '/api/register/magic-link', { email: unverified }).expect(201);
      const bodies = await Promise.all(
        [uniqueEmail(), unverified, verified.email].map(
          async (email) => (await post(t, '/api/register/magic-link', { email }).expect(201)).body,
        ),
      );
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(sink.to(verified.email)).toHaveLength(0);
    });

    it('answers N-REG to the loser when two requests create one address at once', async () => {
      const email = uniqueEmail();
      const answers = await Promise.all([1, 2, 3].map(() => post(t, '/api/register/magic-link', { email })));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      expect(await t.prisma.user.count({ where: { email } })).toBe(1);
    });
  });

  describe('consent (§7.7)', () => {
    let privacy: TestApp;
    beforeAll(async () => {
      privacy = await createTestApp({ env: { ...sink.env(), ...PRIVACY_ENV } });
    });
    afterAll(() => privacy.close());

    it('A-7 requires termsAccepted:true on both registration starts when a privacy policy is published', async () => {
      for (const path of ['/api/register/magic-link', '/api/register/passkey/options']) {
        for (const body of [{}, { termsAccepted: false }]) {
          const res = await post(privacy, path, { email: uniqueEmail(), ...body }).expect(400);
          expect(res.body.error).toBe('Validation failed');
          expect(res.body.details).toEqual([expect.objectContaining({ path: ['termsAccepted'] })]);
          expect(res.body.details[0].message).not.toMatch(/terms of service/i);
        }
        expect((await post(privacy, path, { email: uniqueEmail(), termsAccepted: true })).status).toBeLessThan(300);
      }
    });

    it('A-7 without PRIVACY_* the key may be omitted, but if present must be a boolean', async () => {
      await post(t, '/api/register/magic-link', { email: uniqueEmail() }).expect(201);
      await post(t, '/api/register/passkey/options', { email: uniqueEmail() }).expect(200);
      const res = await post(t, '/api/register/magic-link', { email: uniqueEmail(), termsAccepted: 'yes' }).expect(400);
      expect(res.body.details[0].path).toEqual(['termsAccepted']);
    });

    it('records terms_accepted_at only when consent was required and given', async () => {
      const before = Date.now();
      const email = uniqueEmail();
      await post(privacy, '/api/register/magic-link', { email, termsAccepted: true }).expect(201);
      const options = (
        await post(privacy, '/api/register/passkey/options', { email: email.replace('user', 'pk'), termsAccepted: true }).expect(200)
      ).body;
      await post(privacy, '/api/register/passkey/verify', {
        email: email.replace('user', 'pk'),
        credential: authenticator.register(options),
      }).expect(201);
      for (const address of [email, email.replace('user', 'pk')]) {
        const accepted = Number((await privacy.prisma.user.findUniqueOrThrow({ where: { email: address } })).termsAcceptedAt);
        expect(accepted).toBeGreaterThanOrEqual(before);
        expect(accepted).toBeLessThanOrEqual(Date.now());
      }
    });
  });

  describe('allow-list (§6.6)', () => {
    let restricted: TestApp;
    beforeAll(async () => {
      restricted = await createTestApp({ env: { ...sink.env(), ALLOWED_EMAILS: ' *@example.com , Boss@Other.org ' } });
    });
    afterAll(() => restricted.close());

    it('A-8 refuses other addresses with 403 on all three registration routes; sub-domains do not match', async () => {
      for (const email of ['a@other.org', 'a@sub.example.com']) {
        for (const path of ['/api/register/passkey/options', '/api/register/passkey/verify', '/api/register/magic-link']) {
          const body = path.endsWith('verify') ? { email, credential: { id: 'x' } } : { email };
          const res = await post(restricted, path, body).expect(403);
          expect(res.body).toEqual({
            error: 'Registration is not allowed for this email address',
            errorCode: 'EMAIL_NOT_ALLOWED',
            correlationId: expect.any(String),
          });
        }
      }
    });

    it('A-8 admits A@EXAMPLE.COM and an exact rule, and never answers 403 on login routes', async () => {
      await post(restricted, '/api/register/magic-link', { email: 'A@EXAMPLE.COM' }).expect(201);
      await post(restricted, '/api/register/passkey/options', { email: 'boss@other.org' }).expect(200);
      const options = (await post(restricted, '/api/register/passkey/options', { email: 'someone@example.com' }).expect(200)).body;
      await post(restricted, '/api/register/passkey/verify', {
        email: 'someone@example.com',
        credential: authenticator.register(options),
      }).expect(201);
      await post(restricted, '/api/login/magic-link', { email: 'a@other.org' }).expect(200);
      await post(restricted, '/api/login/passkey/options', { email: 'a@other.org' }).expect(200);
      await post(restricted, '/api/recover/passkey', { email: 'a@other.org' }).expect(200);
    });
  });
});

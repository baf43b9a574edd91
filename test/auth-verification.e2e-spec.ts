import { NeutralMessage } from '../src/auth/auth.responses';
import {
  confirmVerificationLink,
  lastMailTo,
  loginWithPasskey,
  post,
  registerPasskey,
  uniqueEmail,
  useMailedApp,
} from './helpers/account-flows';
import { SmtpSink, tokenIn } from './helpers/smtp-sink';
import { SoftwareAuthenticator } from './helpers/software-authenticator';
import { TestApp } from './helpers/test-app';

/**
 * Email verification (accounts spec §3.4). OpSync difference: the emailed `/verify-email?token=` link
 * opens a page (web module) that confirms with `POST /api/verify-email`, so mail scanners cannot burn
 * it by fetching the link. "Following the link" below is therefore that POST with the link's token.
 */
describe('email verification (accounts spec §3.4)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let authenticator: SoftwareAuthenticator;
  useMailedApp((app) => ({ t, sink, authenticator } = app));

  const verifyLinkOf = (email: string) => tokenIn(lastMailTo(sink, email), '/verify-email');

  it('A-12 a passkey registered but not yet verified by its link cannot log in', async () => {
    const email = uniqueEmail();
    const { response, credential } = await registerPasskey(t, authenticator, email);
    expect(response.status).toBe(201);
    const login = await loginWithPasskey(t, authenticator, email, credential);
    expect(login.status).toBe(401);
    expect(login.body).toEqual({ error: 'Authentication failed', errorCode: 'AUTHENTICATION_FAILED', correlationId: expect.any(String) });
  });

  it('A-14 following the passkey-registration link (the page confirms by POST) verifies the account and activates exactly that credential', async () => {
    const email = uniqueEmail();
    const { credential } = await registerPasskey(t, authenticator, email);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    const res = await confirmVerificationLink(t, verifyLinkOf(email)).expect(200);
    expect(res.body).toEqual({ message: NeutralMessage.emailVerified });
    expect(res.body.token).toBeUndefined();

    const after = await t.prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { passkeys: true, pendingPasskeyRegistrations: true },
    });
    expect(after).toMatchObject({ isVerified: 1, verificationResendCount: 0, verificationToken: null });
    expect(after.passkeys).toHaveLength(1);
    expect(Buffer.from(after.passkeys[0].credentialId).equals(credential.id)).toBe(true);
    expect(after.pendingPasskeyRegistrations).toEqual([]);
    const events = await t.prisma.auditEvent.findMany({ where: { userId: user.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.details])).toEqual([
      ['account_created', { method: 'passkey' }],
      ['email_verified', { method: 'passkey' }],
      ['passkey_added', { reason: 'email_verification' }],
    ]);
    expect((await loginWithPasskey(t, authenticator, email, credential)).status).toBe(200);
  });

  it('A-15 with two completed ceremonies, the second link activates only the second credential and the first link is then invalid', async () => {
    const email = uniqueEmail();
    const first = await registerPasskey(t, authenticator, email);
    const firstLink = verifyLinkOf(email);
    const second = await registerPasskey(t, authenticator, email);
    const secondLink = verifyLinkOf(email);
    expect(secondLink).not.toBe(firstLink);

    await confirmVerificationLink(t, secondLink).expect(200);
    const res = await confirmVerificationLink(t, firstLink).expect(400);
    expect(res.body).toEqual({
      error: 'Invalid verification token',
      errorCode: 'INVALID_VERIFICATION_TOKEN',
      correlationId: expect.any(String),
    });

    const user = await t.prisma.user.findUniqueOrThrow({
      where: { email },
      include: { passkeys: true, pendingPasskeyRegistrations: true },
    });
    expect(user.passkeys.map((p) => Buffer.from(p.credentialId).toString('hex'))).toEqual([second.credential.id.toString('hex')]);
    expect(user.pendingPasskeyRegistrations).toEqual([]);
    expect((await loginWithPasskey(t, authenticator, email, first.credential)).status).toBe(401);
    expect((await loginWithPasskey(t, authenticator, email, second.credential)).status).toBe(200);
  });

  it('A-16 unknown → Invalid verification token; expired → Verification token has expired; used → Invalid verification token', async () => {
    const unknown = await confirmVerificationLink(t, 'f'.repeat(64)).expect(400);
    expect(unknown.body).toEqual({
      error: 'Invalid verification token',
      errorCode: 'INVALID_VERIFICATION_TOKEN',
      correlationId: expect.any(String),
    });

    const magicEmail = uniqueEmail();
    await post(t, '/api/register/magic-link', { email: magicEmail }).expect(201);
    const passkeyEmail = uniqueEmail();
    await registerPasskey(t, authenticator, passkeyEmail);
    await t.prisma.user.update({ where: { email: magicEmail }, data: { verificationTokenExpiresAt: BigInt(Date.now() - 1) } });
    await t.prisma.pendingPasskeyRegistration.updateMany({
      where: { user: { email: passkeyEmail } },
      data: { verificationTokenExpiresAt: BigInt(Date.now() - 1) },
    });
    for (const email of [magicEmail, passkeyEmail]) {
      const expired = await confirmVerificationLink(t, verifyLinkOf(email)).expect(400);
      expect(expired.body).toEqual({
        error: 'Verification token has expired',
        errorCode: 'VERIFICATION_TOKEN_EXPIRED',
        correlationId: expect.any(String),
      });
    }
    // Expiry deletes nothing: the rows stay until a newer link is used.
    expect(await t.prisma.pendingPasskeyRegistration.count({ where: { user: { email: passkeyEmail } } })).toBe(1);

    const fresh = uniqueEmail();
    await post(t, '/api/register/magic-link', { email: fresh }).expect(201);
    await confirmVerificationLink(t, verifyLinkOf(fresh)).expect(200);
    const used = await confirmVerificationLink(t, verifyLinkOf(fresh)).expect(400);
    expect(used.body.error).toBe('Invalid verification token');
  });

  it('A-17 a token carrying markup is never echoed back (the API answers only catalogue messages)', async () => {
    const token = '"><script>alert(1)</script>';
    const res = await confirmVerificationLink(t, token).expect(400);
    expect(res.text).not.toContain('<script>');
    expect(res.body).toEqual({
      error: 'Invalid verification token',
      errorCode: 'INVALID_VERIFICATION_TOKEN',
      correlationId: expect.any(String),
    });
    const missing = await post(t, '/api/verify-email', {}).expect(400);
    expect(missing.body.details[0]).toMatchObject({ path: ['token'], message: 'Token is required' });
    await post(t, '/api/verify-email', { token: '' }).expect(400);
  });

  it('A-20 following a magic-link registration link deletes every active and pending passkey of the account', async () => {
    const email = uniqueEmail();
    const { credential } = await registerPasskey(t, authenticator, email);
    await post(t, '/api/register/magic-link', { email }).expect(201);
    const magicLink = verifyLinkOf(email);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    // An active passkey too (as if planted earlier), to show that both kinds go.
    await t.prisma.passkey.create({ data: { userId: user.id, credentialId: Buffer.from('planted'), publicKey: Buffer.from('k') } });

    await confirmVerificationLink(t, magicLink).expect(200);
    const after = await t.prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { passkeys: true, pendingPasskeyRegistrations: true },
    });
    expect(after.isVerified).toBe(1);
    expect(after.passkeys).toEqual([]);
    expect(after.pendingPasskeyRegistrations).toEqual([]);
    expect((await loginWithPasskey(t, authenticator, email, credential)).status).toBe(401);
    const removed = await t.prisma.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'passkey_removed' } });
    expect(removed.details).toEqual({ reason: 'email_verification', count: 1 });
  });

  it('two concurrent confirmations of one link: exactly one succeeds', async () => {
    const email = uniqueEmail();
    await registerPasskey(t, authenticator, email);
    const token = verifyLinkOf(email);
    const answers = await Promise.all([1, 2, 3, 4].map(() => confirmVerificationLink(t, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400]);
    expect(await t.prisma.passkey.count({ where: { user: { email } } })).toBe(1);
  });

  it('concurrent confirmations of two different links of one account: exactly one wins', async () => {
    const email = uniqueEmail();
    await registerPasskey(t, authenticator, email);
    const first = verifyLinkOf(email);
    await registerPasskey(t, authenticator, email);
    const second = verifyLinkOf(email);
    const answers = await Promise.all([first, second].map((token) => confirmVerificationLink(t, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expect(await t.prisma.passkey.count({ where: { user: { email } } })).toBe(1);
  });

  it('answers the generic fallback, not the internal error, when activation hits another account’s credential (§5.5)', async () => {
    const a = uniqueEmail();
    const b = uniqueEmail();
    const { credential } = await registerPasskey(t, authenticator, a);
    const aLink = verifyLinkOf(a);
    await registerPasskey(t, authenticator, b);
    // Make b's pending credential collide with a's.
    await t.prisma.pendingPasskeyRegistration.updateMany({
      where: { user: { email: b } },
      data: { credentialId: new Uint8Array(credential.id) },
    });
    await confirmVerificationLink(t, aLink).expect(200);
    const res = await confirmVerificationLink(t, verifyLinkOf(b)).expect(400);
    expect(res.body).toEqual({
      error: 'Email verification failed. Please try again.',
      errorCode: 'VERIFICATION_FAILED',
      correlationId: expect.any(String),
    });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { email: b } })).isVerified).toBe(0);
  });
});

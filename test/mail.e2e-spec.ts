import { LoggerService } from '@nestjs/common';
import { createVerifiedUser } from './factories/user.factory';
import {
  confirmVerificationLink,
  createPasskeyAccount,
  lastMailTo,
  post,
  registerPasskey,
  uniqueEmail,
  useMailedApp,
} from './helpers/account-flows';
import { linkIn, SmtpSink, tokenIn } from './helpers/smtp-sink';
import { SoftwareAuthenticator } from './helpers/software-authenticator';
import { createTestApp, TestApp } from './helpers/test-app';

/** Keeps what the app logs, to read links (development) and send failures (production) back. */
class CapturingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  log = (message: unknown) => this.lines.push({ level: 'log', message: String(message) });
  error = (message: unknown) => this.lines.push({ level: 'error', message: String(message) });
  warn = (message: unknown) => this.lines.push({ level: 'warn', message: String(message) });
  debug = () => undefined;
  verbose = () => undefined;
}

const PUBLIC_URL = 'https://sync.example.org';

describe('account emails (accounts spec §6)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  useMailedApp((app) => ({ t, sink } = app), { env: { PUBLIC_URL: `${PUBLIC_URL}/` } });

  it('A-54 A-55 every emailed token is 64 lowercase hex in a link PUBLIC_URL + path + ?token= (no doubled slash)', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
    const magic = uniqueEmail();
    await post(t, '/api/register/magic-link', { email: magic }).expect(201);
    const passkey = uniqueEmail();
    await registerPasskey(t, authenticator, passkey);
    const mails = [
      { mail: lastMailTo(sink, magic), path: '/verify-email' },
      { mail: lastMailTo(sink, passkey), path: '/verify-email' },
    ];
    await confirmVerificationLink(t, tokenIn(mails[1].mail, '/verify-email')).expect(200);
    await post(t, '/api/login/magic-link', { email: passkey }).expect(200);
    mails.push({ mail: lastMailTo(sink, passkey), path: '/magic-login' });
    await post(t, '/api/recover/passkey', { email: passkey }).expect(200);
    mails.push({ mail: lastMailTo(sink, passkey), path: '/recover-passkey' });

    for (const { mail, path } of mails) {
      const link = linkIn(mail, path);
      expect(link.href).toMatch(new RegExp(`^${PUBLIC_URL}${path}\\?token=[0-9a-f]{64}$`));
      expect(mail.html).toContain(`href="${link.href}"`);
      expect(mail.subject).not.toBe('');
    }
    expect(new Set(mails.map(({ mail, path }) => tokenIn(mail, path))).size).toBe(4);
  });

  it('states the validity of login and recovery links, and none for verification (§6.2)', async () => {
    const account = await createPasskeyAccount(t, sink, new SoftwareAuthenticator(t.config.webauthn.origin));
    const verification = sink.to(account.email)[0];
    await post(t, '/api/login/magic-link', { email: account.email }).expect(200);
    expect(lastMailTo(sink, account.email).text).toMatch(/15 minutes/);
    await post(t, '/api/recover/passkey', { email: account.email }).expect(200);
    expect(lastMailTo(sink, account.email).text).toMatch(/1 hour/);
    expect(verification.text).not.toMatch(/minutes|hour/);
  });

  describe('without SMTP', () => {
    const logger = new CapturingLogger();
    let production: TestApp;
    let development: TestApp;
    beforeAll(async () => {
      production = await createTestApp({ env: { NODE_ENV: 'production', PUBLIC_URL }, logger });
      development = await createTestApp({ env: { NODE_ENV: 'development' }, logger });
    });
    afterAll(async () => {
      await production.close();
      await development.close();
    });

    it('A-52 in production registration and link requests still answer their neutral 201/200 (sending fails, logged)', async () => {
      const authenticator = new SoftwareAuthenticator(production.config.webauthn.origin);
      const registered = await post(production, '/api/register/magic-link', { email: uniqueEmail() });
      expect(registered.status).toBe(201);
      const { response } = await registerPasskey(production, authenticator, uniqueEmail());
      expect(response.status).toBe(201);
      expect(response.body).toEqual(registered.body);

      const user = await createVerifiedUser(production);
      await production.prisma.passkey.create({ data: { userId: user.id, credentialId: Buffer.from('c'), publicKey: Buffer.from('k') } });
      await post(production, '/api/login/magic-link', { email: user.email }).expect(200);
      await post(production, '/api/recover/passkey', { email: user.email }).expect(200);
      // The failed sends released both slots, so a later request (with mail working) is not blocked.
      expect(await production.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
        loginToken: null,
        passkeyRecoveryToken: null,
      });

      const failures = logger.lines.filter((l) => l.level === 'error' && l.message.includes('SMTP_HOST is not set'));
      expect(failures.length).toBe(4);
      expect(logger.lines.some((l) => /token=/.test(l.message))).toBe(false);
    });

    it('in development writes the link to the log instead, and the link works', async () => {
      const email = uniqueEmail();
      await post(development, '/api/register/magic-link', { email }).expect(201);
      const line = logger.lines.find((l) => l.level === 'log' && l.message.includes('/verify-email?token='));
      expect(line).toBeDefined();
      expect(line!.message).not.toContain(email);
      const token = line!.message.match(/token=([0-9a-f]{64})/)![1];
      await confirmVerificationLink(development, token).expect(200);
    });
  });
});

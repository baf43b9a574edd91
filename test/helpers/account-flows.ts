import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { randomBytes } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { SmtpSink, tokenIn } from './smtp-sink';
import { SoftwareAuthenticator, SoftwareCredential } from './software-authenticator';
import { createTestApp, TestApp, TestAppOptions } from './test-app';

/*
 * The account flows as the web page drives them, for e2e tests. Each request comes from a random
 * client address (X-Forwarded-For, one trusted hop) so that long test files stay under the per-IP
 * route limits; the rate-limit tests set their own address instead.
 */

/** An app whose SMTP points at its own sink, and an authenticator for its WebAuthn origin. */
export interface MailedApp {
  t: TestApp;
  sink: SmtpSink;
  authenticator: SoftwareAuthenticator;
  close(): Promise<void>;
}

export async function createMailedApp(options: TestAppOptions = {}): Promise<MailedApp> {
  const sink = await SmtpSink.start();
  const t = await createTestApp({ ...options, env: { ...sink.env(), ...options.env } });
  return {
    t,
    sink,
    authenticator: new SoftwareAuthenticator(t.config.webauthn.origin),
    close: async () => {
      await t.close();
      await sink.stop();
    },
  };
}

/**
 * Starts a mailed app before the tests of the enclosing describe and closes it after them; `receive`
 * gets it first (to fill the file's `t`/`sink` variables).
 */
export function useMailedApp(receive: (app: MailedApp) => unknown, options: TestAppOptions = {}): void {
  let app: MailedApp | undefined;
  beforeAll(async () => {
    app = await createMailedApp(options);
    await receive(app);
  });
  afterAll(() => app?.close());
}

export const randomIp = () => `10.${randomBytes(3).join('.')}`;

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomBytes(5).toString('hex')}@example.com`;

/** A POST from a fresh client address. */
export function post(t: TestApp, path: string, body: object): Test {
  return t.http().post(path).set('X-Forwarded-For', randomIp()).send(body);
}

/** Options + ceremony + verify of passkey registration; returns the verify response and the new credential. */
export async function registerPasskey(
  t: TestApp,
  authenticator: SoftwareAuthenticator,
  email: string,
): Promise<{ response: Response; credential: SoftwareCredential; options: PublicKeyCredentialCreationOptionsJSON }> {
  const options = (await post(t, '/api/register/passkey/options', { email }).expect(200)).body as PublicKeyCredentialCreationOptionsJSON;
  const credential = authenticator.register(options);
  const response = await post(t, '/api/register/passkey/verify', { email, credential });
  return { response, credential: authenticator.newest(), options };
}

/** What the /verify-email page does when the user confirms: POST the link's token. */
export function confirmVerificationLink(t: TestApp, token: string): Test {
  return post(t, '/api/verify-email', { token });
}

/** The newest mail to the address, failing clearly when there is none. */
export function lastMailTo(sink: SmtpSink, address: string) {
  const mails = sink.to(address);
  if (mails.length === 0) throw new Error(`No mail to ${address}; received for: ${sink.messages.map((m) => m.to.join(',')).join(' | ')}`);
  return mails[mails.length - 1];
}

/** Registers with a passkey and follows the emailed link: a verified account with one active passkey. */
export async function createPasskeyAccount(
  t: TestApp,
  sink: SmtpSink,
  authenticator: SoftwareAuthenticator,
  email = uniqueEmail(),
): Promise<{ userId: number; email: string; credential: SoftwareCredential }> {
  const { response, credential } = await registerPasskey(t, authenticator, email);
  if (response.status !== 201) throw new Error(`passkey registration answered ${response.status}: ${JSON.stringify(response.body)}`);
  await confirmVerificationLink(t, tokenIn(lastMailTo(sink, email.toLowerCase()), '/verify-email')).expect(200);
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
  return { userId: user.id, email: user.email, credential };
}

/** Options + assertion + verify of passkey login. */
export async function loginWithPasskey(
  t: TestApp,
  authenticator: SoftwareAuthenticator,
  email: string,
  credential?: SoftwareCredential,
  settings: { signCount?: number } = {},
): Promise<Response> {
  const options = (await post(t, '/api/login/passkey/options', { email }).expect(200)).body as PublicKeyCredentialRequestOptionsJSON;
  return post(t, '/api/login/passkey/verify', { email, credential: authenticator.authenticate(options, credential, settings) });
}

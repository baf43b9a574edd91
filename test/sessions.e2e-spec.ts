import { TokenService } from '../src/auth';
import { SessionsService } from '../src/devices';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { createPasskeyAccount, lastMailTo, loginWithPasskey, post, randomIp } from './helpers/account-flows';
import { devicesApi } from './helpers/devices-api';
import { SoftwareAuthenticator } from './helpers/software-authenticator';
import { SmtpSink, tokenIn } from './helpers/smtp-sink';
import { SocketTestCluster } from './helpers/socket-cluster';
import { TestApp } from './helpers/test-app';
import { waitUntil } from './helpers/waiting';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
/** An error body without its per-request correlationId, to compare two answers. */
const errorOf = ({ body }: { body: Record<string, unknown> }) => ({ error: body.error, errorCode: body.errorCode });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('signed-in sessions (opsync-api.md §1)', () => {
  let a: TestApp;
  let b: TestApp;
  let sink: SmtpSink;
  const cluster = new SocketTestCluster();
  beforeAll(async () => {
    sink = await SmtpSink.start();
    [a, b] = await cluster.start(2, { env: sink.env() });
  });
  afterEach(() => cluster.closeSockets());
  afterAll(async () => {
    await cluster.stop();
    await sink.stop();
  });

  const claimsOf = (token: string) => a.get(TokenService).verifySignature(token);
  const auditOf = (userId: number, type: string) => a.prisma.auditEvent.findMany({ where: { userId, type }, orderBy: { id: 'asc' } });
  /** Another session of the same account, as a second sign-in opens it. */
  const secondSession = async (user: TestUser): Promise<TestUser> => {
    const { sessionId, generation } = await a.get(SessionsService).open(user.id, undefined, a.prisma);
    const session = { sid: sessionId, gen: generation };
    return { ...user, token: a.get(TokenService).sign({ userId: user.id, email: user.email, tokenVersion: 0, session }), sessionId };
  };

  describe('sign-in opens a session', () => {
    it('O-1 a passkey sign-in token carries sid and gen; GET /api/devices lists that session with current: true', async () => {
      const authenticator = new SoftwareAuthenticator(a.config.webauthn.origin);
      const account = await createPasskeyAccount(a, sink, authenticator);
      const ip = randomIp();
      const options = (await post(a, '/api/login/passkey/options', { email: account.email }).expect(200)).body;
      const login = await a
        .http()
        .post('/api/login/passkey/verify')
        .set('X-Forwarded-For', ip)
        .set('User-Agent', FIREFOX)
        .send({ email: account.email, credential: authenticator.authenticate(options) })
        .expect(200);
      const claims = claimsOf(login.body.token);
      expect(claims.session).toEqual({ sid: expect.stringMatching(UUID), gen: 0 });
      const list = await devicesApi(b, login.body.token).list().expect(200);
      expect(list.body).toEqual({
        devices: [
          {
            id: claims.session!.sid,
            name: 'Firefox on Linux',
            kind: 'browser',
            createdAt: expect.any(Number),
            lastSeenAt: expect.any(Number),
            lastIp: `${ip.split('.').slice(0, 3).join('.')}.0/24`,
            current: true,
          },
        ],
      });
      const [signedIn] = await auditOf(account.userId, 'signed_in');
      expect(signedIn.sessionId).toBe(claims.session!.sid);
    });

    it('O-1 a magic-link sign-in opens another session; each token sees only its own as current', async () => {
      const authenticator = new SoftwareAuthenticator(a.config.webauthn.origin);
      const account = await createPasskeyAccount(a, sink, authenticator);
      const byPasskey = (await loginWithPasskey(a, authenticator, account.email)).body.token;
      await post(a, '/api/login/magic-link', { email: account.email }).expect(200);
      const byLink = (
        await post(a, '/api/login/magic-link/verify', { token: tokenIn(lastMailTo(sink, account.email), '/magic-login') }).expect(200)
      ).body.token;
      expect(claimsOf(byLink).session).toEqual({ sid: expect.stringMatching(UUID), gen: 0 });
      expect(claimsOf(byLink).session!.sid).not.toBe(claimsOf(byPasskey).session!.sid);
      const devices = (await devicesApi(a, byLink).list().expect(200)).body.devices;
      expect(devices).toHaveLength(2);
      expect(devices.find((d: { current: boolean }) => d.current).id).toBe(claimsOf(byLink).session!.sid);
    });

    it('a token issued before sessions existed (no sid) still works while its tokenVersion matches, and has no current session', async () => {
      const legacy = await createVerifiedUser(a, { legacy: true });
      const api = devicesApi(a, legacy.token);
      expect(await api.status()).toBe(200);
      expect((await api.list().expect(200)).body).toEqual({ devices: [] });
      expect((await api.rotate().expect(400)).body).toMatchObject({ errorCode: 'NO_CURRENT_SESSION' });
      expect((await api.signOut().expect(400)).body).toMatchObject({ errorCode: 'NO_CURRENT_SESSION' });
      await a.prisma.user.update({ where: { id: legacy.id }, data: { tokenVersion: 1 } });
      expect(await api.status()).toBe(401);
    });
  });

  describe('revocation', () => {
    it('O-2 DELETE /api/devices/:id → that token gets 401 on every instance within 1 s, its sockets close with 4003, other sessions keep working', async () => {
      const phone = await createVerifiedUser(a);
      const laptop = await secondSession(phone);
      const phoneSockets = [await cluster.connect(a, phone.token, 'A_phone'), await cluster.connect(b, phone.token, 'A_phone2')];
      const laptopSocket = await cluster.connect(b, laptop.token, 'E_laptop');

      await devicesApi(a, laptop.token).revoke(phone.sessionId!).expect(204);
      for (const app of [a, b])
        await waitUntil(async () => (await devicesApi(app, phone.token).status()) === 401, `401 on an instance`, 1000);
      for (const socket of phoneSockets) expect(await socket.waitForClose()).toMatchObject({ code: 4003 });

      await cluster.caughtUp([laptopSocket]);
      expect(laptopSocket.closeEvent).toBeUndefined();
      expect(await devicesApi(b, laptop.token).status()).toBe(200);
      const devices = (await devicesApi(b, laptop.token).list().expect(200)).body.devices;
      expect(devices.map((d: { id: string }) => d.id)).toEqual([laptop.sessionId]);
      const [audit] = await auditOf(phone.id, 'device_revoked');
      expect(audit).toMatchObject({ sessionId: laptop.sessionId, details: { session: phone.sessionId } });
    });

    it("DELETE /api/devices/:id may revoke the current session; a second DELETE, an unknown id and another account's id all answer 404 alike", async () => {
      const user = await createVerifiedUser(a);
      const other = await createVerifiedUser(a);
      const witness = await secondSession(user);
      const api = devicesApi(a, witness.token);
      const unknown = errorOf(await api.revoke('01234567-89ab-4def-8123-456789abcdef').expect(404));
      const foreign = errorOf(await api.revoke(other.sessionId!).expect(404));
      expect(foreign).toEqual(unknown);
      expect(foreign).toMatchObject({ errorCode: 'DEVICE_NOT_FOUND' });
      expect(await devicesApi(a, other.token).status()).toBe(200);
      await devicesApi(a, user.token).revoke(user.sessionId!).expect(204);
      expect(await devicesApi(a, user.token).status()).toBe(401);
      expect(errorOf(await api.revoke(user.sessionId!).expect(404))).toEqual(unknown);
    });

    it("DELETE /api/devices/current signs this session out (204, audit token_revoked); the account's other session keeps working", async () => {
      const user = await createVerifiedUser(a);
      const other = await secondSession(user);
      const socket = await cluster.connect(b, user.token, 'B_tab');
      await devicesApi(a, user.token).signOut().expect(204);
      expect(await devicesApi(b, user.token).status()).toBe(401);
      expect(await socket.waitForClose()).toMatchObject({ code: 4003 });
      expect(await devicesApi(b, other.token).status()).toBe(200);
      const [audit] = await auditOf(user.id, 'token_revoked');
      expect(audit.sessionId).toBe(user.sessionId);
    });

    it('O-3 POST /api/devices/current/rotate → the new token works on every instance, the old one gets 401 at once; same session, gen + 1', async () => {
      const user = await createVerifiedUser(a);
      const rotated = await devicesApi(a, user.token).rotate().expect(200);
      expect(rotated.body).toEqual({ token: expect.any(String) });
      expect(claimsOf(rotated.body.token).session).toEqual({ sid: user.sessionId, gen: 1 });
      for (const app of [a, b]) {
        expect(await devicesApi(app, user.token).status()).toBe(401);
        expect(await devicesApi(app, rotated.body.token).status()).toBe(200);
      }
      const devices = (await devicesApi(a, rotated.body.token).list().expect(200)).body.devices;
      expect(devices).toEqual([expect.objectContaining({ id: user.sessionId, current: true })]);
      const [audit] = await auditOf(user.id, 'token_rotated');
      expect(audit).toMatchObject({ sessionId: user.sessionId, details: { generation: 1 } });
    });

    it("O-4 replace-token revokes every session's token; the new token has a session of its own, the only one listed", async () => {
      const user = await createVerifiedUser(a);
      const other = await secondSession(user);
      const replaced = await a
        .http()
        .post('/api/replace-token')
        .set('Authorization', `Bearer ${user.token}`)
        .set('X-Forwarded-For', randomIp())
        .expect(200);
      for (const token of [user.token, other.token]) expect(await devicesApi(b, token).status()).toBe(401);
      const sid = claimsOf(replaced.body.token).session!.sid;
      expect([user.sessionId, other.sessionId]).not.toContain(sid);
      const devices = (await devicesApi(b, replaced.body.token).list().expect(200)).body.devices;
      expect(devices).toEqual([expect.objectContaining({ id: sid, current: true })]);
    });
  });

  describe('renaming and bad input', () => {
    it("PATCH /api/devices/:id renames the session and answers the device; another account's id answers 404 like an unknown one", async () => {
      const user = await createVerifiedUser(a);
      const other = await createVerifiedUser(a);
      const renamed = await devicesApi(a, user.token).rename(user.sessionId!, { name: 'Work laptop' }).expect(200);
      expect(renamed.body).toMatchObject({ id: user.sessionId, name: 'Work laptop', current: true });
      expect((await devicesApi(a, user.token).list()).body.devices[0].name).toBe('Work laptop');
      const foreign = await devicesApi(a, user.token).rename(other.sessionId!, { name: 'Mine now' }).expect(404);
      const unknown = await devicesApi(a, user.token).rename('01234567-89ab-4def-8123-456789abcdef', { name: 'x' }).expect(404);
      expect(errorOf(foreign)).toEqual(errorOf(unknown));
      expect(errorOf(foreign)).toMatchObject({ errorCode: 'DEVICE_NOT_FOUND' });
    });

    it('refuses malformed ids, names that are too long or blank, and unknown fields with 400 VALIDATION_FAILED', async () => {
      const user = await createVerifiedUser(a);
      const api = devicesApi(a, user.token);
      const refusals = [
        await api.rename('not-a-uuid', { name: 'x' }),
        await api.revoke('123'),
        await api.rename(user.sessionId!, { name: 'x'.repeat(101) }),
        await api.rename(user.sessionId!, { name: '   ' }),
        await api.rename(user.sessionId!, { name: 42 }),
        await api.rename(user.sessionId!, {}),
        await api.rename(user.sessionId!, { name: 'ok', kind: 'app' }),
      ];
      expect(refusals.map((r) => [r.status, r.body.errorCode])).toEqual(refusals.map(() => [400, 'VALIDATION_FAILED']));
      expect((await api.rename(user.sessionId!, { name: 'x'.repeat(100) })).status).toBe(200);
    });
  });

  it('lastSeenAt is written when a minute old, and not again within the minute', async () => {
    const user = await createVerifiedUser(a);
    const old = new Date(Date.now() - 120_000);
    await a.prisma.session.updateMany({ where: { id: user.sessionId! }, data: { lastSeenAt: old } });
    const seenAt = async () => (await a.prisma.session.findFirstOrThrow({ where: { id: user.sessionId! } })).lastSeenAt.getTime();
    expect(await devicesApi(a, user.token).status()).toBe(200);
    const touched = await seenAt();
    expect(touched).toBeGreaterThan(old.getTime() + 60_000);
    expect(await devicesApi(b, user.token).status()).toBe(200);
    expect(await seenAt()).toBe(touched);
  });
});

import { AuditEventType } from '../src/audit/audit-event-types';
import { TokenService } from '../src/auth';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { randomIp } from './helpers/account-flows';
import { SocketTestCluster } from './helpers/socket-cluster';
import { TestApp } from './helpers/test-app';

const REVOKED = 'Token was revoked. Please log in again to get a new token.';

describe('POST /api/replace-token (protocol spec §3.9, accounts spec §3.13)', () => {
  let a: TestApp;
  let b: TestApp;
  const cluster = SocketTestCluster.forTests(2, (apps) => ([a, b] = apps));

  /** From a fresh client address each time: the route's 5 per 15 minutes counts per IP whatever the token. */
  const replace = (token: string) =>
    a.http().post('/api/replace-token').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', randomIp());
  const tokenVersion = async (user: TestUser) => (await a.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).tokenVersion;
  /** A guarded route of this branch; the sync routes are not here yet. */
  /** P-3 checks the tokens on the sync download route itself. */
  const guardedStatus = async (token: string) =>
    (await a.http().get('/api/sync/ops?sinceSeq=0').set('Authorization', `Bearer ${token}`)).status;

  it('P-3 A-41 with body {} answers {token, user}; the new token has tokenVersion + 1 and works, the old one gets 401 revoked', async () => {
    const user = await createVerifiedUser(a);
    const res = await replace(user.token).send({}).expect(200);
    expect(res.body).toEqual({ token: expect.any(String), user: { id: user.id, email: user.email } });
    expect(a.get(TokenService).verifySignature(res.body.token)).toEqual({
      userId: user.id,
      email: user.email,
      tokenVersion: 1,
      session: { sid: expect.any(String), gen: 0 },
    });
    expect(await tokenVersion(user)).toBe(1);
    expect(await guardedStatus(res.body.token)).toBe(200);
    const old = await a.http().get('/api/sync/ops?sinceSeq=0').set('Authorization', `Bearer ${user.token}`).expect(401);
    expect(old.body).toEqual({ error: REVOKED });
    await replace(user.token).send({}).expect(401);
  });

  it('A-41 accepts an empty body too', async () => {
    const user = await createVerifiedUser(a);
    const res = await replace(user.token).set('Content-Type', 'application/json').expect(200);
    expect(await guardedStatus(res.body.token)).toBe(200);
    expect(await tokenVersion(user)).toBe(1);
  });

  it('P-4 A-41 closes every socket of the user with 4003 "Token revoked", on every instance, the caller\'s own included', async () => {
    const user = await createVerifiedUser(a);
    const bystander = await createVerifiedUser(a);
    const sockets = [
      await cluster.connect(a, user.token, 'E_caller'),
      await cluster.connect(a, user.token, 'B_tab'),
      await cluster.connect(b, user.token, 'A_phone'),
    ];
    const untouched = await cluster.connect(b, bystander.token, 'E_caller');
    await replace(user.token).send({}).expect(200);
    for (const socket of sockets) expect(await socket.waitForClose()).toEqual({ code: 4003, reason: 'Token revoked' });
    await cluster.caughtUp([untouched]);
    expect(untouched.closeEvent).toBeUndefined();
  });

  it('A-42 a body {"clientId": …} is ignored: the socket of that clientId is closed as well', async () => {
    const user = await createVerifiedUser(a);
    const caller = await cluster.connect(b, user.token, 'E_legacyCaller');
    const other = await cluster.connect(a, user.token, 'A_other');
    const res = await replace(user.token).send({ clientId: 'E_legacyCaller' }).expect(200);
    expect(res.body.user).toEqual({ id: user.id, email: user.email });
    expect(await caller.waitForClose()).toEqual({ code: 4003, reason: 'Token revoked' });
    expect(await other.waitForClose()).toEqual({ code: 4003, reason: 'Token revoked' });
  });

  it('lets the new token open a socket once the old ones are closed, and refuses the old one with 4003', async () => {
    const user = await createVerifiedUser(a);
    const before = await cluster.connect(a, user.token, 'E_again');
    const { body } = await replace(user.token).send({}).expect(200);
    await before.waitForClose();
    const stale = await cluster.attempt(b, { token: user.token, clientId: 'E_stale' });
    expect(await stale.waitForClose()).toEqual({ code: 4003, reason: 'Invalid token' });
    await cluster.connect(b, body.token, 'E_again');
  });

  it("records a token_replaced audit event with the new version and the caller's truncated IP", async () => {
    const user = await createVerifiedUser(a);
    const { body } = await replace(user.token).set('User-Agent', 'ReplaceTest/1.0').send({}).expect(200);
    const audit = await a.http().get('/api/audit').set('Authorization', `Bearer ${body.token}`).expect(200);
    expect(audit.body.events).toEqual([
      expect.objectContaining({
        type: AuditEventType.TokenReplaced,
        actor: 'user',
        userAgent: 'ReplaceTest/1.0',
        ip: expect.stringMatching(/\/(24|48)$/),
        details: { tokenVersion: 1 },
      }),
    ]);
  });

  it('never hands out one version twice to concurrent replacements; only the newest token stays valid', async () => {
    const user = await createVerifiedUser(a);
    // Each call that passes the guard bumps the version; a call that is checked after another's commit gets 401.
    const responses = await Promise.all([1, 2, 3, 4].map(() => replace(user.token).send({})));
    const granted = responses.filter((res) => res.status === 200);
    expect(responses.every((res) => res.status === 200 || res.status === 401)).toBe(true);
    const versions = granted.map((res) => a.get(TokenService).verifySignature(res.body.token).tokenVersion).sort();
    expect(versions).toEqual(granted.map((_, i) => i + 1));
    expect(await tokenVersion(user)).toBe(granted.length);
    const newest = granted.find((res) => a.get(TokenService).verifySignature(res.body.token).tokenVersion === granted.length)!;
    expect(await guardedStatus(newest.body.token)).toBe(200);
    for (const older of granted.filter((res) => res !== newest)) expect(await guardedStatus(older.body.token)).toBe(401);
  });

  describe('internal failures answer 500 {"error":"Failed to replace token. Please try again."} and change nothing', () => {
    const FAILED = { error: 'Failed to replace token. Please try again.' };
    afterEach(async () => {
      await a.prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS replace_token_test ON users');
      await a.prisma.$executeRawUnsafe('DROP FUNCTION IF EXISTS replace_token_test()');
    });
    /** A trigger on the user's row standing in for what can go wrong between the guard and the update. */
    const onUpdateOf = async (user: TestUser, body: string) => {
      await a.prisma.$executeRawUnsafe(`CREATE FUNCTION replace_token_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} END $$`);
      await a.prisma.$executeRawUnsafe(
        `CREATE TRIGGER replace_token_test BEFORE UPDATE ON users FOR EACH ROW WHEN (OLD.id = ${user.id}) EXECUTE FUNCTION replace_token_test()`,
      );
    };

    it.each([
      ['the account vanished after the guard (the update finds no row)', 'RETURN NULL;'],
      ['the database fails the update', "RAISE EXCEPTION 'disk on fire';"],
    ])('when %s', async (_case, triggerBody) => {
      const user = await createVerifiedUser(a);
      const socket = await cluster.connect(b, user.token, 'E_survivor');
      await onUpdateOf(user, triggerBody);
      const res = await replace(user.token).send({}).expect(500);
      expect(res.body).toEqual(FAILED);
      expect(await tokenVersion(user)).toBe(0);
      expect(await a.prisma.auditEvent.count({ where: { userId: user.id } })).toBe(0);
      await cluster.caughtUp([socket]);
      expect(socket.closeEvent).toBeUndefined();
      expect(await guardedStatus(user.token)).toBe(200);
    });
  });

  it('answers 401 without a valid bearer token', async () => {
    const res = await a.http().post('/api/replace-token').send({}).expect(401);
    expect(res.body).toEqual({ error: 'Missing or invalid Authorization header' });
  });

  it('A-43 refuses the sixth replacement within 15 minutes with 429 "retry in 15 minutes" and retry-after', async () => {
    const user = await createVerifiedUser(a);
    let token = user.token;
    for (let i = 0; i < 5; i++) token = (await replace(token).send({}).expect(200)).body.token;
    const res = await replace(token).send({}).expect(429);
    expect(res.body.message).toContain('retry in 15 minutes');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(await tokenVersion(user)).toBe(5);
  });
});

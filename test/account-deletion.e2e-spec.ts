import { Client } from 'pg';
import { AccountsService } from '../src/auth';
import { createVerifiedUser } from './factories/user.factory';
import { createPasskeyAccount, loginWithPasskey, post, registerPasskey, uniqueEmail, useMailedApp } from './helpers/account-flows';
import { EventListener } from './helpers/event-listener';
import { SmtpSink } from './helpers/smtp-sink';
import { SoftwareAuthenticator } from './helpers/software-authenticator';
import { TestApp } from './helpers/test-app';

/** Every table with a foreign key to users, with its column and ON DELETE action ('c' = cascade). */
const USER_REFERENCES = `
  SELECT c.conrelid::regclass::text AS "table", a.attname AS "column", c.confdeltype AS "onDelete"
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
   WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass`;

describe('DELETE /api/account (accounts spec §3.14)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let db: Client;
  let events: EventListener;
  // Declared first so they run first: both connections must let go before the app drops its database.
  afterAll(async () => {
    await db.end();
    await events.stop();
  });
  useMailedApp(async (app) => {
    ({ t, sink } = app);
    db = new Client({ connectionString: t.db.url });
    await db.connect();
    events = await EventListener.start(t.db.url);
  });

  const remove = (token: string, ip = '198.51.100.7') =>
    t.http().delete('/api/account').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', ip);

  it('A-44 deletes the account with everything that references it; its token then gets 401 Account unavailable; the 4th call → 429', async () => {
    const authenticator = new SoftwareAuthenticator(t.config.webauthn.origin);
    const account = await createPasskeyAccount(t, sink, authenticator);
    const login = await loginWithPasskey(t, authenticator, account.email);
    expect(login.status).toBe(200);
    const token: string = login.body.token;
    // An outstanding login token and a pending registration of another address stay unrelated.
    await post(t, '/api/login/magic-link', { email: account.email }).expect(200);
    const bystander = uniqueEmail();
    await registerPasskey(t, authenticator, bystander);

    const references = (await db.query<{ table: string; column: string; onDelete: string }>(USER_REFERENCES)).rows;
    expect(references.map((r) => r.table)).toEqual(expect.arrayContaining(['passkeys', 'pending_passkey_registrations']));
    for (const ref of references) expect(`${ref.table}: ${ref.onDelete}`).toBe(`${ref.table}: c`);
    expect(await t.prisma.passkey.count({ where: { userId: account.userId } })).toBe(1);

    const res = await remove(token).set('Content-Type', 'application/json').expect(200);
    expect(res.body).toEqual({ success: true });
    expect(await t.prisma.user.count({ where: { id: account.userId } })).toBe(0);
    for (const ref of references) {
      const left = await db.query(`SELECT count(*)::int AS n FROM ${ref.table} WHERE "${ref.column}" = $1`, [account.userId]);
      expect(`${ref.table}: ${left.rows[0].n}`).toBe(`${ref.table}: 0`);
    }

    const afterwards = await t.http().get('/api/audit').set('Authorization', `Bearer ${token}`).expect(401);
    expect(afterwards.body).toEqual({ error: 'Account unavailable' });

    const audit = await t.prisma.auditEvent.findMany({ where: { userId: account.userId, type: 'account_deleted' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'user', details: {} });
    await events.caughtUp();
    expect(events.heard).toContainEqual({ type: 'close_sockets', userId: account.userId, code: 4003, reason: 'Account deleted' });

    expect(await t.prisma.user.count({ where: { email: bystander } })).toBe(1);
    await remove(token).expect(401);
    await remove(token).expect(401);
    const limited = await remove(token).expect(429);
    expect(limited.body.message).toBe('Rate limit exceeded, retry in 15 minutes');
  });

  it('needs a token', async () => {
    expect((await t.http().delete('/api/account').expect(401)).body).toEqual({ error: 'Missing or invalid Authorization header' });
  });

  it('findAccountId + deleteAccount(userId, { actor: "operator" }) serve the operator CLI: audit actor operator, false for an unknown id', async () => {
    const user = await createVerifiedUser(t);
    const accounts = t.get(AccountsService);
    expect(await accounts.findAccountId(user.email.toUpperCase())).toBe(user.id);
    expect(await accounts.findAccountId(uniqueEmail())).toBeNull();
    expect(await accounts.deleteAccount(user.id, { actor: 'operator' })).toBe(true);
    expect(await accounts.deleteAccount(user.id, { actor: 'operator' })).toBe(false);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { userId: user.id, type: 'account_deleted' } });
    expect(audit.actor).toBe('operator');
  });
});

import { AuditEventType } from '../src/audit/audit-event-types';
import { AuditService } from '../src/audit/audit.service';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { assertAuditRowsClean } from './helpers/audit-scan';
import { createTestApp, TestApp } from './helpers/test-app';

describe('audit trail: AuditService.record and GET /api/audit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("returns only the caller's own events, newest first, paged with limit and before", async () => {
    const user = await createVerifiedUser(t);
    const other = await createVerifiedUser(t);
    const audit = t.get(AuditService);
    for (const type of [AuditEventType.AccountCreated, AuditEventType.EmailVerified, AuditEventType.SignedIn]) {
      await audit.record({ userId: user.id, type, client: { ip: '203.0.113.0/24', userAgent: 'jest' }, details: { method: 'test' } });
    }
    await audit.record({ userId: other.id, type: AuditEventType.SignedIn });

    const first = await t.http().get('/api/audit?limit=2').set('Authorization', `Bearer ${user.token}`).expect(200);
    expect(first.body.events.map((e: { type: string }) => e.type)).toEqual(['signed_in', 'email_verified']);
    expect(first.body.events[0]).toMatchObject({ ip: '203.0.113.0/24', userAgent: 'jest', actor: 'user', details: { method: 'test' } });
    expect(typeof first.body.events[0].at).toBe('number');
    expect(first.body.nextBefore).toBe(first.body.events[1].id);

    const second = await t
      .http()
      .get(`/api/audit?limit=2&before=${first.body.nextBefore}`)
      .set('Authorization', `Bearer ${user.token}`)
      .expect(200);
    expect(second.body).toEqual({ events: [expect.objectContaining({ type: 'account_created' })], nextBefore: null });
  });

  it("records inside the caller's transaction: a rolled-back transaction leaves no event", async () => {
    const user = await createVerifiedUser(t);
    await expect(
      t.prisma.$transaction(async (tx) => {
        await t.get(AuditService).record({ userId: user.id, type: AuditEventType.DataCleared }, tx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.prisma.auditEvent.count({ where: { userId: user.id } })).toBe(0);
  });

  it('needs a token and validates its query', async () => {
    await t.http().get('/api/audit').expect(401);
    const user = await createVerifiedUser(t);
    for (const query of ['limit=0', 'limit=201', 'before=abc', 'extra=1', 'format=xml', 'format=csv&format=json']) {
      const res = await t.http().get(`/api/audit?${query}`).set('Authorization', `Bearer ${user.token}`).expect(400);
      expect(res.body.errorCode).toBe('VALIDATION_FAILED');
    }
  });

  describe('?format=csv', () => {
    const csvOf = (user: TestUser, query = '') =>
      t.http().get(`/api/audit?format=csv${query}`).set('Authorization', `Bearer ${user.token}`);
    /** The records of a CSV body (the test's events have no line break inside a field). */
    const records = (csv: string) => csv.split('\r\n').filter((line) => line !== '');

    it('downloads the same events as the JSON trail, newest first, one record each under a header', async () => {
      const user = await createVerifiedUser(t);
      const audit = t.get(AuditService);
      await audit.record({
        userId: user.id,
        type: AuditEventType.SignedIn,
        client: { ip: '203.0.113.0/24', userAgent: 'Mozilla/5.0 (X11, Linux)' },
      });
      await audit.record({ userId: user.id, type: AuditEventType.KeyStored, details: { keyId: 'master', version: 1 } });
      const res = await csvOf(user).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="opsync-audit.csv"');
      expect(res.headers['cache-control']).toBe('no-store');
      const json = (await t.http().get('/api/audit').set('Authorization', `Bearer ${user.token}`).expect(200)).body.events;
      const [header, ...rows] = records(res.text);
      expect(header).toBe('id,type,at,ip,userAgent,sessionId,actor,details');
      expect(rows).toEqual([
        `${json[0].id},key_stored,${new Date(json[0].at).toISOString()},,,,user,"{""keyId"":""master"",""version"":1}"`,
        `${json[1].id},signed_in,${new Date(json[1].at).toISOString()},203.0.113.0/24,"Mozilla/5.0 (X11, Linux)",,user,{}`,
      ]);
    });

    it("holds the whole trail without limit (read in pages), honours before and limit, and only the caller's events", async () => {
      const user = await createVerifiedUser(t);
      const other = await createVerifiedUser(t);
      await t.prisma.auditEvent.createMany({
        data: Array.from({ length: 1_203 }, (_, i) => ({ userId: user.id, type: 'signed_in', actor: 'user', details: { n: i } })),
      });
      await t.get(AuditService).record({ userId: other.id, type: AuditEventType.SignedIn });
      const all = records((await csvOf(user).expect(200)).text).slice(1);
      expect(all).toHaveLength(1_203);
      const numbers = all.map((line) => Number(/""n"":(\d+)/.exec(line)![1]));
      expect(numbers).toEqual(Array.from({ length: 1_203 }, (_, i) => 1_202 - i));

      const newest = all[0].split(',')[0];
      const older = records((await csvOf(user, `&before=${newest}&limit=2`).expect(200)).text).slice(1);
      expect(older.map((line) => Number(/""n"":(\d+)/.exec(line)![1]))).toEqual([1_201, 1_200]);
      expect(records((await csvOf(other).expect(200)).text)).toHaveLength(2);
    });

    it('needs a token', async () => {
      await t.http().get('/api/audit?format=csv').expect(401);
    });
  });

  it('the row scan every test app runs before dropping its database finds a full email, an emailed token or an access token', async () => {
    const user = await createVerifiedUser(t);
    const audit = t.get(AuditService);
    await assertAuditRowsClean(t.prisma);
    await audit.record({ userId: user.id, type: AuditEventType.MemberAdded, details: { email: 'j***e@example.com' } });
    await assertAuditRowsClean(t.prisma);
    for (const [details, leak] of [
      [{ email: 'jane@example.com' }, 'the full email jane@example.com'],
      [{ link: `https://x/verify-email?token=${'ab'.repeat(32)}` }, 'an emailed token'],
      [{ token: user.token }, 'an access token'],
    ] as const) {
      await audit.record({ userId: user.id, type: AuditEventType.OperatorAction, details });
      await expect(assertAuditRowsClean(t.prisma)).rejects.toThrow(leak);
      await t.prisma.auditEvent.deleteMany({ where: { userId: user.id, type: AuditEventType.OperatorAction } });
    }
  });
});

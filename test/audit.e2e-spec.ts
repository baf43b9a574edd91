import { AuditEventType } from '../src/audit/audit-event-types';
import { AuditService } from '../src/audit/audit.service';
import { createVerifiedUser } from './factories/user.factory';
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
    for (const query of ['limit=0', 'limit=201', 'before=abc', 'extra=1']) {
      const res = await t.http().get(`/api/audit?${query}`).set('Authorization', `Bearer ${user.token}`).expect(400);
      expect(res.body.errorCode).toBe('VALIDATION_FAILED');
    }
  });
});

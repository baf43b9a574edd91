import os from 'node:os';
import { createVerifiedUser } from './factories/user.factory';
import { expectHelp, expectUsageRefusals, operatorScript, runWithFailingOperatorRecords } from './helpers/operator-scripts';
import { createTestApp, TestApp } from './helpers/test-app';

describe('operator script: delete-user', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const deleteUser = operatorScript('delete-user', () => ({ DATABASE_URL: t.db.url, DATA_DIR: os.tmpdir() }));

  it('deletes the account matched case-insensitively, with --yes, and audits it as the operator', async () => {
    const user = await createVerifiedUser(t);
    const result = await deleteUser(user.email.toUpperCase(), '--yes');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Deleted account ${user.id}`);
    expect(await t.prisma.user.findUnique({ where: { id: user.id } })).toBeNull();
    const events = await t.prisma.auditEvent.findMany({ where: { userId: user.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['account_deleted', 'operator'],
      ['operator_action', 'operator'],
    ]);
    expect(events[1].details).toEqual({ script: 'delete-user', action: 'account_deleted' });
    await t.http().get('/api/audit').set('Authorization', `Bearer ${user.token}`).expect(401);
  });

  it('writes its record in the deletion transaction: when the record fails, the account stays and no audit row is left', async () => {
    const user = await createVerifiedUser(t);
    await runWithFailingOperatorRecords(t, () => deleteUser(user.email, '--yes'));
    expect(await t.prisma.user.findUnique({ where: { id: user.id } })).not.toBeNull();
    expect(await t.prisma.auditEvent.count({ where: { userId: user.id } })).toBe(0);
  });

  it('refuses without --yes when stdin is not a terminal, and changes nothing', async () => {
    const user = await createVerifiedUser(t);
    const result = await deleteUser(user.email);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Re-run with --yes');
    expect(await t.prisma.user.findUnique({ where: { id: user.id } })).not.toBeNull();
  });

  it('exits non-zero for an unknown user and for bad arguments', async () => {
    const unknown = await deleteUser('nobody@example.com', '--yes');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No account has the email address nobody@example.com');
    await expectUsageRefusals(deleteUser, 'delete-user', [[], ['a@example.com', 'b@example.com'], ['a@example.com', '--force']]);
  });

  it('prints its usage with --help', async () => {
    await expectHelp(deleteUser, 'Asks for confirmation unless --yes');
  });
});

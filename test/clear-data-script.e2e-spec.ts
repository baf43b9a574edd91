import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { encryptedOp } from './factories/sync-op.factory';
import { TestUser } from './factories/user.factory';
import { auditTrail, expectHelp, expectUsageRefusals, operatorScript, runWithFailingOperatorRecords } from './helpers/operator-scripts';
import { SyncApi, useSyncTestApp } from './helpers/sync-api';

describe('operator script: clear-data', () => {
  const app = useSyncTestApp();
  const clearData = operatorScript('clear-data', () => ({ DATABASE_URL: app.t.db.url, DATA_DIR: os.tmpdir() }));

  /** A user with two ops from client A, one device and a passkey. */
  const userWithData = async (): Promise<{ user: TestUser; api: SyncApi }> => {
    const fresh = await app.fresh();
    await fresh.api.upload('A', [encryptedOp('A'), encryptedOp('A')]).expect(200);
    await app.t.prisma.passkey.create({ data: { userId: fresh.user.id, credentialId: randomBytes(16), publicKey: randomBytes(32) } });
    return fresh;
  };
  const expectCleared = async ({ user, api }: { user: TestUser; api: SyncApi }) => {
    // The token still works: the account is untouched, only its sync data is gone.
    expect((await api.status().expect(200)).body).toMatchObject({ latestSeq: 0, storageUsedBytes: 0, devicesOnline: 0 });
    expect((await api.devices().expect(200)).body.devices).toEqual([]);
    expect(await app.t.prisma.operation.count({ where: { userId: user.id } })).toBe(0);
    expect(await app.t.prisma.passkey.count({ where: { userId: user.id } })).toBe(1);
  };

  it('clears the account matched case-insensitively, with --yes, keeps account, passkeys and token, and audits it as the operator', async () => {
    const target = await userWithData();
    const bystander = await userWithData();
    const result = await clearData(target.user.email.toUpperCase(), '--yes');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Cleared the sync data of account ${target.user.id} (${target.user.email.toUpperCase()})`);
    await expectCleared(target);
    expect(await auditTrail(app.t, target.user.id)).toEqual([
      ['data_cleared', 'operator', {}],
      ['operator_action', 'operator', { script: 'clear-data', action: 'data_cleared', all: false }],
    ]);
    expect((await bystander.api.status()).body.latestSeq).toBe(2);
    expect(await auditTrail(app.t, bystander.user.id)).toEqual([]);
    // The sequence starts again at 1.
    expect((await target.api.upload('A', [encryptedOp('A')]).expect(200)).body.results[0].serverSeq).toBe(1);
  });

  it("writes its record in the wipe's transaction: when the record fails, the data stays and no audit row is left", async () => {
    const { user, api } = await userWithData();
    await runWithFailingOperatorRecords(app.t, () => clearData(user.email, '--yes'));
    expect((await api.status()).body.latestSeq).toBe(2);
    expect(await auditTrail(app.t, user.id)).toEqual([]);
  });

  it('refuses without --yes when stdin is not a terminal, and changes nothing', async () => {
    const { user, api } = await userWithData();
    const result = await clearData(user.email);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Re-run with --yes');
    expect((await api.status()).body.latestSeq).toBe(2);
    expect(await auditTrail(app.t, user.id)).toEqual([]);
  });

  it('--all clears every account with sync data (one transaction and audit pair each), leaves the others alone, and records the run', async () => {
    const a = await userWithData();
    const b = await userWithData();
    const { user: idle } = await app.fresh();
    // Known only by a device (it downloaded, never uploaded): that is sync data too.
    const { user: downloader } = await app.fresh();
    await app.t.prisma.syncDevice.create({ data: { userId: downloader.id, clientId: 'D' } });
    const states = await app.t.prisma.userSyncState.findMany({ where: { lastSeq: { gt: 0 } } });
    const devices = await app.t.prisma.syncDevice.findMany();
    const withData = new Set([...states, ...devices].map((row) => row.userId)).size;
    expect(withData).toBeGreaterThanOrEqual(3);

    const refused = await clearData('--all');
    expect(refused.code).toBe(1);
    expect((await a.api.status()).body.latestSeq).toBe(2);

    const result = await clearData('--all', '--yes');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Cleared the sync data of account ${a.user.id}.`);
    expect(result.stdout).toContain(`Accounts cleared: ${withData}.`);
    await expectCleared(a);
    await expectCleared(b);
    expect(await app.t.prisma.operation.count()).toBe(0);
    expect(await app.t.prisma.syncDevice.count()).toBe(0);
    for (const user of [a.user, b.user, downloader]) {
      expect(await auditTrail(app.t, user.id)).toEqual([
        ['data_cleared', 'operator', {}],
        ['operator_action', 'operator', { script: 'clear-data', action: 'data_cleared', all: true }],
      ]);
    }
    expect(await auditTrail(app.t, idle.id)).toEqual([]);
    expect(await auditTrail(app.t, null)).toEqual([
      ['operator_action', 'operator', { script: 'clear-data', action: 'data_cleared', all: true, accounts: withData }],
    ]);

    const again = await clearData('--all', '--yes');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No account has sync data; nothing was cleared.');
  });

  it('exits 1 for an unknown user and 2 for bad arguments', async () => {
    const unknown = await clearData('nobody@example.com', '--yes');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No account has the email address nobody@example.com');
    await expectUsageRefusals(clearData, 'clear-data', [
      [],
      ['--yes'],
      ['a@example.com', '--all'],
      ['a@example.com', 'b@example.com'],
      ['a@example.com', '--force'],
    ]);
  });

  it('prints its usage with --help, saying that no files are touched', async () => {
    await expectHelp(clearData, 'No files are touched: OpSync keeps no sync data on disk');
  });
});

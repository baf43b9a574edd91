import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maskEmail } from '../src/common/mask-email';
import { ciphertext, encryptedOp } from './factories/sync-op.factory';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { keysApi, keyVersionBody } from './helpers/keys-api';
import { blobData, storesApi } from './helpers/stores-api';
import { auditTrail, expectHelp, expectUsageRefusals, operatorScript } from './helpers/operator-scripts';
import { useSyncTestApp } from './helpers/sync-api';
import { TEST_JWT_SECRET } from './helpers/test-config';

const DAY = 86_400_000;

describe('operator script: monitor', () => {
  const app = useSyncTestApp();
  // A data directory holding exactly one 3 KiB file (a JWT_SECRET is given, so none is generated there).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-monitor-'));
  fs.writeFileSync(path.join(dataDir, 'file'), Buffer.alloc(3 * 1024));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const monitor = operatorScript('monitor', () => ({ DATABASE_URL: app.t.db.url, DATA_DIR: dataDir, JWT_SECRET: TEST_JWT_SECRET }));

  const runs = () => auditTrail(app.t, null);
  /** A blob store and a log store of two entries (written directly: the log routes are another module's). */
  const createStores = async (user: TestUser) => {
    const stores = storesApi(app.t, user);
    await stores.create({ kind: 'blob', data: blobData() }).expect(201);
    const log = await stores.create({ kind: 'log' }).expect(201);
    await app.t.prisma.logEntry.createMany({
      data: [1, 2].map((seq) => ({ storeId: log.body.id, seq, clientId: 'A', clientIndex: seq, data: blobData() })),
    });
  };
  /** The report line of an account (columns are aligned with spaces). */
  const lineOf = (stdout: string, id: number) => stdout.split('\n').find((line) => line.trim().split(/\s+/)[0] === String(id));

  it('stats reports accounts, operations, keys, database and table sizes and the data directory, and audits the run', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A'), encryptedOp('A')]).expect(200);
    const keys = keysApi(app.t, user);
    for (const version of [1, 2]) await keys.put('master', keyVersionBody(version)).expect(201);
    await keys.put('other', keyVersionBody(1)).expect(201);
    await createStores(user);
    await createVerifiedUser(app.t, { isVerified: 0 });
    const total = await app.t.prisma.user.count();
    const verified = await app.t.prisma.user.count({ where: { isVerified: 1 } });
    const ops = await app.t.prisma.operation.count();
    const keyIds = (await app.t.prisma.keyVersion.groupBy({ by: ['userId', 'keyId'] })).length;
    const keyVersions = await app.t.prisma.keyVersion.count();
    expect(keyVersions).toBeGreaterThan(keyIds);
    const [stores, logEntries] = [await app.t.prisma.store.count(), await app.t.prisma.logEntry.count()];
    expect(logEntries).toBeGreaterThan(0);
    const before = await runs();

    const result = await monitor('stats');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`accounts:        ${total} (${verified} verified)\n`);
    expect(verified).toBeLessThan(total);
    expect(result.stdout).toContain(`operations:      ${ops}\n`);
    expect(result.stdout).toContain(`keys:            ${keyIds} (${keyVersions} versions)\n`);
    expect(result.stdout).toContain(`stores:          ${stores} (${logEntries} log entries)\n`);
    expect(result.stdout).toMatch(/database size: +\d+\.\d (KiB|MiB|GiB)\n/);
    expect(result.stdout).toMatch(/largest tables:\n +table +size\n( +\w+ +\d+(\.\d)? (B|KiB|MiB)\n){5}/);
    expect(result.stdout).toContain(`data directory:  ${dataDir} (3.0 KiB)`);
    expect((await runs()).slice(before.length)).toEqual([['operator_action', 'operator', { script: 'monitor', command: 'stats' }]]);
  });

  it('usage lists the accounts storing the most, with quota, op, key, store and log entry counts, emails masked unless --unmask', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A', { payload: ciphertext(200_000) }), encryptedOp('A'), encryptedOp('A')]).expect(200);
    const keys = keysApi(app.t, user);
    for (const version of [1, 2]) await keys.put('master', keyVersionBody(version)).expect(201);
    await keys.put('other', keyVersionBody(1)).expect(201);
    await createStores(user);
    const { storageUsedBytes } = (await api.status()).body;
    const before = await runs();

    const masked = await monitor('usage', '--limit', '1');
    expect(masked.code).toBe(0);
    expect(masked.stdout).toContain('Accounts by stored bytes (top 1):');
    expect(masked.stdout).not.toContain(user.email);
    const row = lineOf(masked.stdout, user.id)!
      .trim()
      .split(/\s{2,}/);
    expect(row).toEqual([
      String(user.id),
      maskEmail(user.email),
      `${(storageUsedBytes / 1024).toFixed(1)} KiB`,
      '100.0 MiB',
      `${((100 * storageUsedBytes) / (100 * 1024 * 1024)).toFixed(1)}%`,
      '3',
      '2',
      '2',
      '2',
    ]);
    expect(masked.stdout.trim().split('\n')).toHaveLength(3);

    const unmasked = await monitor('usage', '--unmask');
    expect(unmasked.code).toBe(0);
    expect(lineOf(unmasked.stdout, user.id)).toContain(user.email);
    expect((await runs()).slice(before.length)).toEqual([
      ['operator_action', 'operator', { script: 'monitor', command: 'usage', unmasked: false }],
      ['operator_action', 'operator', { script: 'monitor', command: 'usage', unmasked: true }],
    ]);
  });

  it('active-users lists accounts with a device seen within --days, most recent first, up to --limit', async () => {
    const recent = await app.fresh();
    await recent.api.upload('A', [encryptedOp('A')]).expect(200);
    await recent.api.upload('B', [encryptedOp('B')]).expect(200);
    const older = await app.fresh();
    await older.api.upload('A', [encryptedOp('A')]).expect(200);
    await app.t.prisma.syncDevice.updateMany({ where: { userId: older.user.id }, data: { lastSeenAt: new Date(Date.now() - 10 * DAY) } });
    const active = new Set(
      (await app.t.prisma.syncDevice.findMany({ where: { lastSeenAt: { gte: new Date(Date.now() - 7 * DAY) } } })).map((d) => d.userId),
    );

    const week = await monitor('active-users');
    expect(week.code).toBe(0);
    expect(week.stdout).toContain(`Accounts with a sync device seen in the last 7 days: ${active.size}.`);
    expect(
      lineOf(week.stdout, recent.user.id)!
        .trim()
        .split(/\s{2,}/),
    ).toEqual([String(recent.user.id), maskEmail(recent.user.email), expect.stringMatching(/^\d{4}-\d\d-\d\dT/), '2']);
    expect(lineOf(week.stdout, older.user.id)).toBeUndefined();
    expect(week.stdout).not.toContain(recent.user.email);

    const month = await monitor('active-users', '--days', '30', '--unmask');
    expect(month.stdout).toContain(`Accounts with a sync device seen in the last 30 days: ${active.size + 1}.`);
    const order = month.stdout.split('\n').map((line) => line.trim().split(/\s+/)[0]);
    expect(order.indexOf(String(recent.user.id))).toBeLessThan(order.indexOf(String(older.user.id)));
    expect(lineOf(month.stdout, older.user.id)).toContain(older.user.email);

    const newest = await monitor('active-users', '--days', '30', '--limit', '1');
    expect(newest.stdout).toContain(
      `Accounts with a sync device seen in the last 30 days: ${active.size + 1} (showing the 1 most recent).`,
    );
    expect(newest.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('exits 2 with its usage for no command, an unknown command and options that do not apply or are out of range', async () => {
    await expectUsageRefusals(monitor, 'monitor', [
      [],
      ['bogus'],
      ['stats', 'usage'],
      ['stats', '--unmask'],
      ['usage', '--days', '3'],
      ['usage', '--limit', '0'],
      ['usage', '--limit', '1001'],
      ['active-users', '--days', 'week'],
      ['active-users', '--force'],
    ]);
  });

  it('prints its usage with --help', async () => {
    await expectHelp(monitor, 'Email addresses are masked');
  });
});

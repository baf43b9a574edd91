import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RetentionJob } from '../src/operations/retention/retention.job';
import { encryptedOp, encryptedSnapshot, plaintextOp } from './factories/sync-op.factory';
import { TestUser } from './factories/user.factory';
import { auditTrail, expectHelp, expectUsageRefusals, operatorScript } from './helpers/operator-scripts';
import { SyncApi, useSyncTestApp } from './helpers/sync-api';
import { UNLIMITED } from './helpers/test-config';

const DAY = 86_400_000;

describe('operator script: recover-user', () => {
  const app = useSyncTestApp({ ...UNLIMITED, E2EE_REQUIRED: 'false' });
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-recover-'));
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));
  let fileCount = 0;
  const outFile = () => path.join(outDir, `export-${++fileCount}.json`);
  const recoverUser = operatorScript('recover-user', () => ({ DATABASE_URL: app.t.db.url, DATA_DIR: os.tmpdir() }));

  /** Ops 1–3 from client A (two encrypted, one plaintext). */
  const userWithOps = async (): Promise<{ user: TestUser; api: SyncApi }> => {
    const fresh = await app.fresh();
    await fresh.api.upload('A', [encryptedOp('A'), plaintextOp('A', { title: 'kept' }), encryptedOp('A')]).expect(200);
    return fresh;
  };
  const readExport = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

  it('--inspect prints the log summary and the full-state ops, and writes only its audit row', async () => {
    const { user, api } = await userWithOps();
    await api.snapshot(encryptedSnapshot('B')).expect(200);
    await api.upload('A', [encryptedOp('A')]).expect(200);
    const opsBefore = await app.t.prisma.operation.findMany({ where: { userId: user.id }, orderBy: { serverSeq: 'asc' } });
    const importOp = opsBefore[3];

    const result = await recoverUser('--user', String(user.id), '--inspect');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Account ${user.id} (${user.email})`);
    expect(result.stdout).toMatch(/last seq: +5\n/);
    expect(result.stdout).toMatch(/retained ops: +5\n/);
    expect(result.stdout).toMatch(/lowest retained seq: +1\n/);
    expect(result.stdout).toMatch(/ops by type: +SYNC_IMPORT 1, UPD 4\n/);
    expect(result.stdout).toMatch(/encrypted ops: +4\n/);
    expect(result.stdout).toMatch(new RegExp(`\\n +4 +SYNC_IMPORT +B +${new Date(Number(importOp.clientTimestamp)).toISOString()}\\n?$`));
    expect(await auditTrail(app.t, user.id)).toEqual([['operator_action', 'operator', { script: 'recover-user', action: 'inspected' }]]);
    expect(await app.t.prisma.operation.findMany({ where: { userId: user.id }, orderBy: { serverSeq: 'asc' } })).toEqual(opsBefore);
  });

  it('--out exports ops 1..last seq as the download API shapes them, to a new file of mode 600, with a warning and an audit row', async () => {
    const { user, api } = await userWithOps();
    const file = outFile();
    const result = await recoverUser('--user', user.email.toUpperCase(), '--out', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Exported 3 ops of account ${user.id} (${user.email}), up to seq 3, to ${file}.`);
    expect(result.stderr).toContain(`Warning: ${file} holds the complete sync data of this account`);
    const exported = readExport(file);
    expect(exported).toEqual({
      userId: user.id,
      targetSeq: 3,
      exportedAt: expect.any(Number),
      ops: (await api.download({ sinceSeq: 0 }).expect(200)).body.ops,
    });
    expect(exported.ops.map((o: { serverSeq: number }) => o.serverSeq)).toEqual([1, 2, 3]);
    expect(exported.ops[1].op).toMatchObject({ payload: { title: 'kept' }, isPayloadEncrypted: false });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    expect(await auditTrail(app.t, user.id)).toEqual([
      ['operator_action', 'operator', { script: 'recover-user', action: 'exported', targetSeq: 3, ops: 3 }],
    ]);
  });

  it('--target-seq limits the export and must lie in 1..last seq', async () => {
    const { user } = await userWithOps();
    const file = outFile();
    const result = await recoverUser('--user', user.email, '--out', file, '--target-seq', '2');
    expect(result.code).toBe(0);
    expect(readExport(file)).toMatchObject({ targetSeq: 2, ops: [{ serverSeq: 1 }, { serverSeq: 2 }] });
    expect(readExport(file).ops).toHaveLength(2);

    const beyond = await recoverUser('--user', user.email, '--out', outFile(), '--target-seq', '4');
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain('--target-seq must be 1..3');
  });

  it('refuses a log with a gap, and one that starts after seq 1 at an op that is not a causal full-state op, leaving no file', async () => {
    const gapped = await userWithOps();
    // No API makes a gap: it stands for a damaged log.
    await app.t.prisma.operation.deleteMany({ where: { userId: gapped.user.id, serverSeq: 2 } });
    const file = outFile();
    const refused = await recoverUser('--user', gapped.user.email, '--out', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Refusing to export account ${gapped.user.id} up to seq 3: the log has a gap: op 2 is missing. Nothing was written.`,
    );
    expect(fs.readdirSync(outDir).filter((name) => name.startsWith(path.basename(file)))).toEqual([]);
    expect(await auditTrail(app.t, gapped.user.id)).toEqual([]);
    // Below the gap the log is whole.
    expect((await recoverUser('--user', gapped.user.email, '--out', outFile(), '--target-seq', '1')).code).toBe(0);

    const headless = await userWithOps();
    await app.t.prisma.operation.deleteMany({ where: { userId: headless.user.id, serverSeq: 1 } });
    const late = await recoverUser('--user', headless.user.email, '--out', outFile());
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('op 1 is missing and op 2 (UPD) is not a causal full-state op to start from');
  });

  it('exports a log pruned up to a causal full-state op from that op on, as a download from seq 0 does', async () => {
    const { user, api } = await userWithOps();
    await api.snapshot(encryptedSnapshot('B')).expect(200);
    await api.upload('A', [encryptedOp('A')]).expect(200);
    await app.t.prisma.operation.updateMany({
      where: { userId: user.id, serverSeq: { lt: 4 } },
      data: { receivedAt: BigInt(Date.now() - 50 * DAY) },
    });
    await app.t.get(RetentionJob).runOnce();
    expect((await app.t.prisma.operation.findMany({ where: { userId: user.id } })).map((o) => o.serverSeq).sort()).toEqual([4, 5]);

    const file = outFile();
    expect((await recoverUser('--user', String(user.id), '--out', file)).code).toBe(0);
    const exported = readExport(file);
    expect(exported.ops.map((o: { serverSeq: number; op: { opType: string } }) => [o.serverSeq, o.op.opType])).toEqual([
      [4, 'SYNC_IMPORT'],
      [5, 'UPD'],
    ]);
    expect(exported.ops).toEqual((await api.download({ sinceSeq: 0 }).expect(200)).body.ops);
  });

  it('never overwrites an existing file', async () => {
    const { user } = await userWithOps();
    const file = outFile();
    fs.writeFileSync(file, 'precious');
    const result = await recoverUser('--user', user.email, '--out', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} already exists`);
    expect(fs.readFileSync(file, 'utf8')).toBe('precious');
  });

  it('tries --user as an id first, then as an email address', async () => {
    const owner = await userWithOps();
    // Addresses that look like ids (not valid emails, but the lookup order is what is tested).
    const shadow = await app.t.prisma.user.create({ data: { email: String(owner.user.id), isVerified: 1 } });
    const numericOnly = await app.t.prisma.user.create({ data: { email: '987654321', isVerified: 1 } });
    expect((await recoverUser('--user', String(owner.user.id), '--inspect')).stdout).toContain(
      `Account ${owner.user.id} (${owner.user.email})`,
    );
    expect((await recoverUser('--user', '987654321', '--inspect')).stdout).toContain(`Account ${numericOnly.id} (987654321)`);
    expect(await auditTrail(app.t, shadow.id)).toEqual([]);
  });

  it('exits 1 for an unknown user or an empty log, and 2 for bad arguments', async () => {
    for (const ref of ['nobody@example.com', '999999']) {
      const unknown = await recoverUser('--user', ref, '--inspect');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain(`No account has the id or email address ${ref}`);
    }
    const { user } = await app.fresh();
    const empty = await recoverUser('--user', user.email, '--out', outFile());
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(`Account ${user.id} has no operations to export`);

    await expectUsageRefusals(recoverUser, 'recover-user', [
      [],
      ['--inspect'],
      ['--user', 'a@example.com'],
      ['--user', 'a@example.com', '--inspect', '--out', 'x.json'],
      ['--user', 'a@example.com', '--inspect', '--target-seq', '2'],
      ['--user', 'a@example.com', '--out', 'x.json', '--target-seq', '0'],
      ['--user', 'a@example.com', '--inspect', 'extra'],
      ['--user'],
    ]);
  });

  it('prints its usage with --help, warning what an export holds', async () => {
    await expectHelp(recoverUser, "The export holds the account's complete data");
  });
});

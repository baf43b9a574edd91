import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encryptedOp, encryptedSnapshot } from './factories/sync-op.factory';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { accountTransferApi, ndjsonValues } from './helpers/account-transfer-api';
import { keysApi, keyVersionBody } from './helpers/keys-api';
import { auditTrail, expectHelp, expectUsageRefusals, operatorScript } from './helpers/operator-scripts';
import { syncApi } from './helpers/sync-api';
import { createTestApp, TestApp } from './helpers/test-app';
import { UNLIMITED } from './helpers/test-config';

/** Two servers with separate databases: A exports, B imports. */
describe('account export and import (opsync-api.md §11)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestApp({ env: UNLIMITED }), createTestApp({ env: UNLIMITED })]);
  });
  afterAll(() => Promise.all([a?.close(), b?.close()]));

  /** An account on A with a snapshot (the fast-forward marker), ops of two clients and two keys, one of them rotated. */
  async function populatedAccount(): Promise<TestUser> {
    const user = await createVerifiedUser(a);
    const api = syncApi(a, user);
    await api.snapshot(encryptedSnapshot('clientA', { vectorClock: { clientA: 1 } })).expect(200);
    const fromA = [2, 3, 4].map((n) => encryptedOp('clientA', { vectorClock: { clientA: n } }));
    expect((await api.upload('clientA', fromA).expect(200)).body.results.every((r: { accepted: boolean }) => r.accepted)).toBe(true);
    const fromB = [1, 2].map((n) => encryptedOp('clientB', { vectorClock: { clientA: 4, clientB: n } }));
    expect((await api.upload('clientB', fromB).expect(200)).body.results.every((r: { accepted: boolean }) => r.accepted)).toBe(true);
    const keys = keysApi(a, user);
    await keys.put('master', keyVersionBody(1)).expect(201);
    await keys.put('master', keyVersionBody(2)).expect(201);
    await keys.put('sharing', keyVersionBody(1)).expect(201);
    return user;
  }

  /** Everything a client can read back of its account, minus the server's clock. */
  async function readBack(t: TestApp, user: TestUser): Promise<unknown> {
    const api = syncApi(t, user);
    const keys = keysApi(t, user);
    const download = async (query: Record<string, string | number>) => {
      const { serverTime: _serverTime, ...body } = (await api.download(query).expect(200)).body;
      return body;
    };
    const keyList = (await keys.list().expect(200)).body;
    const versions = [];
    for (const key of keyList.keys as { keyId: string; versions: number[] }[]) {
      for (const version of key.versions) versions.push((await keys.get(key.keyId, { version }).expect(200)).body);
    }
    return {
      fromStart: await download({ sinceSeq: 0 }),
      paged: [
        await download({ sinceSeq: 1, limit: 2 }),
        await download({ sinceSeq: 3, limit: 2 }),
        await download({ sinceSeq: 5, limit: 2 }),
      ],
      otherClient: await download({ sinceSeq: 1, excludeClient: 'clientA' }),
      restorePoints: (await api.restorePoints().expect(200)).body,
      keyList,
      versions,
    };
  }

  async function expectEmpty(t: TestApp, user: TestUser): Promise<void> {
    const where = { userId: user.id };
    const [ops, keys, state, account] = await Promise.all([
      t.prisma.operation.count({ where }),
      t.prisma.keyVersion.count({ where }),
      t.prisma.userSyncState.findUnique({ where }),
      t.prisma.user.findUniqueOrThrow({ where: { id: user.id } }),
    ]);
    expect({ ops, keys, lastSeq: state?.lastSeq ?? 0, storageUsed: account.storageUsedBytes }).toEqual({
      ops: 0,
      keys: 0,
      lastSeq: 0,
      storageUsed: 0n,
    });
    expect((await syncApi(t, user).download({ sinceSeq: 0 }).expect(200)).body).toMatchObject({ ops: [], latestSeq: 0 });
  }

  it('O-30: export from server A, import into an empty account on server B → downloads from B equal downloads from A, seqs included', async () => {
    const onA = await populatedAccount();
    const exported = (await accountTransferApi(a, onA).export().expect(200)).body as string;
    const onB = await createVerifiedUser(b);
    expect((await accountTransferApi(b, onB).import(exported).expect(200)).body).toEqual({
      imported: { devices: 2, keys: 3, ops: 6 },
      lastSeq: 6,
    });
    expect(await readBack(b, onB)).toEqual(await readBack(a, onA));
    const fromA = await a.prisma.user.findUniqueOrThrow({ where: { id: onA.id } });
    const fromB = await b.prisma.user.findUniqueOrThrow({ where: { id: onB.id } });
    expect(fromB.storageUsedBytes).toBe(fromA.storageUsedBytes);
    // B's account goes on from the imported seqs.
    const next = await syncApi(b, onB)
      .upload('clientB', [encryptedOp('clientB', { vectorClock: { clientA: 4, clientB: 3 } })])
      .expect(200);
    expect(next.body.results[0]).toMatchObject({ accepted: true, serverSeq: 7 });
  });

  it('exports NDJSON from a header line to an end line with counts, and no credentials', async () => {
    const onA = await populatedAccount();
    await a.prisma.user.update({ where: { id: onA.id }, data: { passwordHash: 'secret-hash', loginToken: 'digest-of-a-token' } });
    const res = await accountTransferApi(a, onA).export().expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = ndjsonValues(res.body as string);
    expect(lines.map((line) => line.type)).toEqual([
      'header',
      'account',
      'syncState',
      'device',
      'device',
      'key',
      'key',
      'key',
      ...Array(6).fill('op'),
      'end',
    ]);
    expect(lines[0]).toMatchObject({ format: 'opsync-account-export', version: 1 });
    expect(lines[2]).toMatchObject({ lastSeq: 6, marker: { seq: 1, clientId: 'clientA' } });
    expect(lines.at(-1)).toEqual({ type: 'end', devices: 2, keys: 3, ops: 6 });
    expect(lines.filter((line) => line.type === 'op').map((op) => op.serverSeq)).toEqual([1, 2, 3, 4, 5, 6]);
    const text = res.body as string;
    for (const secret of ['secret-hash', 'digest-of-a-token', 'passwordHash', 'loginToken', 'passkey']) expect(text).not.toContain(secret);
  });

  it('O-30: a failed import (a corrupt line midway) answers 400 with the line number and leaves B’s account empty', async () => {
    const exported = ndjsonValues(
      (
        await accountTransferApi(a, await populatedAccount())
          .export()
          .expect(200)
      ).body as string,
    );
    const lines = exported.map((line) => JSON.stringify(line));
    const corruptAt = lines.findIndex((line) => line.includes('"type":"op"')) + 3;
    lines[corruptAt] = lines[corruptAt].slice(0, 40);
    const onB = await createVerifiedUser(b);
    const res = await accountTransferApi(b, onB).import(lines.join('\n')).expect(400);
    expect(res.body).toMatchObject({ errorCode: 'IMPORT_INVALID_LINE', error: `Line ${corruptAt + 1} of the import is invalid: not JSON` });
    await expectEmpty(b, onB);
  });

  it('refuses an export cut short (no end line) and an op out of order, writing nothing', async () => {
    const lines = ndjsonValues(
      (
        await accountTransferApi(a, await populatedAccount())
          .export()
          .expect(200)
      ).body as string,
    );
    const onB = await createVerifiedUser(b);
    const cut = lines.slice(0, -2).map((line) => JSON.stringify(line));
    expect((await accountTransferApi(b, onB).import(cut.join('\n')).expect(400)).body.errorCode).toBe('IMPORT_INCOMPLETE');
    const ops = lines.filter((line) => line.type === 'op');
    const swapped = [...lines.filter((line) => line.type !== 'op' && line.type !== 'end'), ops[1], ops[0], ...ops.slice(2), lines.at(-1)];
    const res = await accountTransferApi(b, onB)
      .import(swapped.map((line) => JSON.stringify(line)).join('\n'))
      .expect(400);
    expect(res.body.error).toContain('op seq 1 does not follow seq 2');
    await expectEmpty(b, onB);
  });

  it('refuses an import into an account with synced data or keys (409 ACCOUNT_NOT_EMPTY) and changes nothing', async () => {
    const exported = (
      await accountTransferApi(a, await populatedAccount())
        .export()
        .expect(200)
    ).body as string;
    const withOps = await createVerifiedUser(b);
    await syncApi(b, withOps)
      .upload('other', [encryptedOp('other')])
      .expect(200);
    expect((await accountTransferApi(b, withOps).import(exported).expect(409)).body.errorCode).toBe('ACCOUNT_NOT_EMPTY');
    expect(await b.prisma.operation.count({ where: { userId: withOps.id } })).toBe(1);
    const withKeys = await createVerifiedUser(b);
    await keysApi(b, withKeys).put('master', keyVersionBody(1)).expect(201);
    expect((await accountTransferApi(b, withKeys).import(exported).expect(409)).body.errorCode).toBe('ACCOUNT_NOT_EMPTY');
    expect(await b.prisma.keyVersion.count({ where: { userId: withKeys.id } })).toBe(1);
  });

  it('refuses to import the same export twice on one server (op ids are global): 409, the second account stays empty', async () => {
    const exported = (
      await accountTransferApi(a, await populatedAccount())
        .export()
        .expect(200)
    ).body as string;
    await accountTransferApi(b, await createVerifiedUser(b))
      .import(exported)
      .expect(200);
    const second = await createVerifiedUser(b);
    expect((await accountTransferApi(b, second).import(exported).expect(409)).body.errorCode).toBe('IMPORT_OP_ID_TAKEN');
    await expectEmpty(b, second);
  });

  describe('operator scripts export-user and import-user', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-export-'));
    const exportUser = operatorScript('export-user', () => ({ DATABASE_URL: a.db.url, DATA_DIR: os.tmpdir() }));
    const importUser = operatorScript('import-user', () => ({ DATABASE_URL: b.db.url, DATA_DIR: os.tmpdir() }));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('O-30: move an account between two servers from the shell with identical downloads, audited as the operator', async () => {
      const onA = await populatedAccount();
      const file = path.join(dir, `${onA.id}.ndjson`);
      const exported = await exportUser(onA.email, file);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain(`Exported account ${onA.id}`);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const onB = await createVerifiedUser(b);
      const imported = await importUser(String(onB.id), file);
      expect(imported.stderr).toBe('');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain(`6 ops up to seq 6, 3 key versions, 2 devices`);
      expect(await readBack(b, onB)).toEqual(await readBack(a, onA));
      expect((await auditTrail(a, onA.id)).at(-1)).toEqual([
        'operator_action',
        'operator',
        { script: 'export-user', action: 'account_exported', devices: 2, keys: 3, ops: 6 },
      ]);
      expect(await auditTrail(b, onB.id)).toEqual([
        ['operator_action', 'operator', { script: 'import-user', action: 'account_imported', devices: 2, keys: 3, ops: 6 }],
      ]);
    });

    it('import-user refuses a corrupt file with its line number and imports nothing; export-user never overwrites a file', async () => {
      const onA = await populatedAccount();
      const file = path.join(dir, `${onA.id}-corrupt.ndjson`);
      expect((await exportUser(String(onA.id), file)).code).toBe(0);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines[5] = '{"type":"key"}';
      fs.writeFileSync(file, lines.join('\n'));
      const onB = await createVerifiedUser(b);
      const refused = await importUser(onB.email, file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Nothing was imported: Line 6 of the import is invalid');
      await expectEmpty(b, onB);
      expect(await auditTrail(b, onB.id)).toEqual([]);
      const again = await exportUser(onA.email, file);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');
    });

    // Each script run boots node and Nest: few runs per test, so a loaded machine stays within the timeout.
    it('refuses bad arguments with exit code 2 and its usage', async () => {
      await expectUsageRefusals(exportUser, 'export-user', [['a@example.com'], ['a@example.com', 'f', '--yes']]);
      await expectUsageRefusals(importUser, 'import-user', [['a@example.com', 'f', 'g']]);
    });

    it('refuses an unknown account (exit 1) and prints its usage with --help', async () => {
      const unknown = await exportUser('nobody@example.com', path.join(dir, 'nobody.ndjson'));
      expect({ code: unknown.code, stderr: unknown.stderr.trim() }).toEqual({ code: 1, stderr: 'No account matches nobody@example.com.' });
      await expectHelp(exportUser, 'never overwritten');
      await expectHelp(importUser, 'must exist here and be empty');
    });
  });
});

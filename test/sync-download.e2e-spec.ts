import { OperationsRepository } from '../src/operations/persistence/operations.repository';
import { SyncStateRepository } from '../src/operations/persistence/sync-state.repository';
import { Prisma } from '../src/generated/prisma/client';
import { ciphertext, encryptedOp, WireOp } from './factories/sync-op.factory';
import { createVerifiedUser } from './factories/user.factory';
import { SyncApi, useSyncTestApp } from './helpers/sync-api';

type Downloaded = { serverSeq: number; op: { id: string; clientId: string; vectorClock: Record<string, number> } };
const seqsOf = (ops: Downloaded[]) => ops.map((o) => o.serverSeq);

describe('piggyback and download (protocol spec §4.7, §4.8)', () => {
  const app = useSyncTestApp();

  const ops = (clientId: string, n: number, overrides: Partial<WireOp> = {}) =>
    Array.from({ length: n }, () => encryptedOp(clientId, overrides));
  /** Stores n ops of a client quickly (100 per request). */
  const seed = async (api: SyncApi, clientId: string, n: number) => {
    for (let left = n; left > 0; left -= 100) await api.upload(clientId, ops(clientId, Math.min(100, left))).expect(200);
  };

  it("P-48 an upload with lastKnownServerSeq 0 returns the other client's 3 ops in newOps, never its own, and no hasMorePiggyback", async () => {
    const { api } = await app.fresh();
    const foreign = ops('B', 3);
    await api.upload('B', foreign).expect(200);
    await api.upload('A', ops('A', 1)).expect(200);
    const res = await api.upload('A', ops('A', 1), { lastKnownServerSeq: 0 }).expect(200);
    expect(res.body.newOps.map((o: Downloaded) => o.op.id)).toEqual(foreign.map((o) => o.id));
    expect(res.body.hasMorePiggyback).toBeUndefined();
    expect(res.body.latestSeq).toBe(5);
  });

  it('P-49 with 600 foreign ops pending, newOps has 500 entries and hasMorePiggyback is true', async () => {
    const { api } = await app.fresh();
    await seed(api, 'B', 600);
    const res = await api.upload('A', ops('A', 1), { lastKnownServerSeq: 0 }).expect(200);
    expect(res.body.newOps).toHaveLength(500);
    expect(res.body.hasMorePiggyback).toBe(true);
    expect(res.body.latestSeq).toBe(601);
  });

  it('P-50 an upload without lastKnownServerSeq returns no newOps', async () => {
    const { api } = await app.fresh();
    await api.upload('B', ops('B', 2)).expect(200);
    const res = await api.upload('A', ops('A', 1)).expect(200);
    expect(res.body).toEqual({ results: [expect.objectContaining({ accepted: true })], latestSeq: 3 });
  });

  it.each([
    ['no sinceSeq', {}],
    ['sinceSeq=-1', { sinceSeq: '-1' }],
    ['sinceSeq=1.5', { sinceSeq: '1.5' }],
    ['sinceSeq=abc', { sinceSeq: 'abc' }],
    ['limit=1001', { sinceSeq: '0', limit: '1001' }],
    ['limit=0', { sinceSeq: '0', limit: '0' }],
    ['excludeClient=a.b', { sinceSeq: '0', excludeClient: 'a.b' }],
  ])('P-51 GET /api/sync/ops with %s answers 400', async (_label, query) => {
    const { api } = await app.fresh();
    const res = await api.download(query).expect(400);
    expect(res.body).toMatchObject({ error: 'Validation failed', errorCode: 'VALIDATION_FAILED' });
  });

  it('P-52 limit=2 over 5 ops pages with hasMore until the last page', async () => {
    const { api } = await app.fresh();
    await api.upload('A', ops('A', 5)).expect(200);
    const pages: number[][] = [];
    let cursor = 0;
    for (;;) {
      const { body } = await api.download({ sinceSeq: cursor, limit: 2 }).expect(200);
      pages.push(seqsOf(body.ops));
      cursor = body.ops.at(-1)?.serverSeq ?? cursor;
      if (!body.hasMore) break;
    }
    expect(pages).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("P-53 excludeClient=A omits A's ops and never reports a gap they cause", async () => {
    const { api } = await app.fresh();
    await api.upload('B', ops('B', 1)).expect(200);
    await api.upload('A', ops('A', 3)).expect(200);
    await api.upload('B', ops('B', 1)).expect(200);
    const { body } = await api.download({ sinceSeq: 1, excludeClient: 'A' }).expect(200);
    expect(seqsOf(body.ops)).toEqual([5]);
    expect(body.gapDetected).toBeUndefined();
    expect((await api.download({ sinceSeq: 0, excludeClient: 'A' })).body.ops.every((o: Downloaded) => o.op.clientId !== 'A')).toBe(true);
  });

  it('P-54 every download carries serverTime and capabilities.causalRepairSnapshots === true', async () => {
    const { api } = await app.fresh();
    for (const sinceSeq of [0, 3]) {
      const { body } = await api.download({ sinceSeq }).expect(200);
      expect(Math.abs(body.serverTime - Date.now())).toBeLessThan(60_000);
      expect(body.capabilities).toEqual({ causalRepairSnapshots: true });
    }
  });

  it('P-55 sinceSeq=0 never yields gapDetected (also when the oldest ops were purged)', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', ops('A', 4)).expect(200);
    await app.t.prisma.operation.deleteMany({ where: { userId: user.id, serverSeq: { lte: 2 } } });
    const { body } = await api.download({ sinceSeq: 0 }).expect(200);
    expect(body.gapDetected).toBeUndefined();
    expect(seqsOf(body.ops)).toEqual([3, 4]);
    expect((await api.download({ sinceSeq: 1 })).body.gapDetected).toBe(true);
  });

  it('P-56 sinceSeq beyond latestSeq (> 0) yields gapDetected', async () => {
    const { api } = await app.fresh();
    await api.upload('A', ops('A', 2)).expect(200);
    expect((await api.download({ sinceSeq: 9 }).expect(200)).body).toMatchObject({ gapDetected: true, latestSeq: 2, ops: [] });
    expect((await api.download({ sinceSeq: 2 }).expect(200)).body.gapDetected).toBeUndefined();
  });

  it('P-57 after DELETE /api/sync/data, sinceSeq=5 yields latestSeq 0, no ops, gapDetected', async () => {
    const { api } = await app.fresh();
    await api.upload('A', ops('A', 6)).expect(200);
    await api.deleteData().expect(200);
    expect((await api.download({ sinceSeq: 5 }).expect(200)).body).toMatchObject({
      latestSeq: 0,
      ops: [],
      hasMore: false,
      gapDetected: true,
    });
    expect((await api.download({ sinceSeq: 0 }).expect(200)).body.gapDetected).toBeUndefined();
  });

  describe('fast-forward to the latest full-state op', () => {
    /** ops 1–3 (A, B, A), SYNC_IMPORT at 4 (C), ops 5–6 (B). */
    const setup = async () => {
      const { user, api } = await app.fresh();
      await api.upload('A', [encryptedOp('A', { vectorClock: { A: 3, X: 9 } })]).expect(200);
      await api.upload('B', [encryptedOp('B', { vectorClock: { B: 2 } })]).expect(200);
      await api.upload('A', [encryptedOp('A', { vectorClock: { A: 4 } })]).expect(200);
      await api
        .snapshot({ state: ciphertext(), clientId: 'C', reason: 'initial', vectorClock: { C: 1, A: 1 }, isPayloadEncrypted: true })
        .expect(200);
      await api.upload('B', ops('B', 2, { vectorClock: { B: 5, C: 1 } })).expect(200);
      return { user, api };
    };

    it('P-58 sinceSeq=0 returns 4,5,6, a snapshotVectorClock ≥ the clocks of ops 1–4, and no gap', async () => {
      const { api } = await setup();
      const { body } = await api.download({ sinceSeq: 0 }).expect(200);
      expect(seqsOf(body.ops)).toEqual([4, 5, 6]);
      expect(body.gapDetected).toBeUndefined();
      expect(body.snapshotVectorClock).toEqual({ A: 4, X: 9, B: 2, C: 1 });
    });

    it('P-58 the fast-forward survives purged history below the full-state op (no gap)', async () => {
      const { user, api } = await setup();
      await app.t.prisma.operation.deleteMany({ where: { userId: user.id, serverSeq: { lt: 4 } } });
      const { body } = await api.download({ sinceSeq: 2, excludeClient: 'A' }).expect(200);
      expect(seqsOf(body.ops)).toEqual([4, 5, 6]);
      expect(body.gapDetected).toBeUndefined();
      expect(body.snapshotVectorClock).toEqual({ A: 4, X: 9, B: 2, C: 1 });
    });

    it('P-59 with sinceSeq=5 there is no snapshotVectorClock', async () => {
      const { api } = await setup();
      const { body } = await api.download({ sinceSeq: 5 }).expect(200);
      expect(seqsOf(body.ops)).toEqual([6]);
      expect(body.snapshotVectorClock).toBeUndefined();
    });

    it('the piggyback of an upload fast-forwards too, but never carries a snapshotVectorClock', async () => {
      const { api } = await setup();
      const res = await api.upload('D', ops('D', 1), { lastKnownServerSeq: 1 }).expect(200);
      expect(res.body.newOps.map((o: Downloaded) => o.serverSeq)).toEqual([4, 5, 6]);
      expect(res.body.snapshotVectorClock).toBeUndefined();
      expect(res.body.gapDetected).toBeUndefined();
    });
  });

  it('a page stops at its 32 MiB byte budget with hasMore (hasMorePiggyback on uploads), and the next page continues', async () => {
    const { api } = await app.fresh();
    // Zero bytes in canonical base64 compress to nothing, so 12 MiB payloads fit the gzip wire limit.
    for (let i = 0; i < 4; i++) {
      await api.uploadGzipped({ ops: [encryptedOp('B', { payload: 'A'.repeat(12 * 1024 * 1024) })], clientId: 'B' }).expect(200);
    }
    const first = (await api.download({ sinceSeq: 0 }).expect(200)).body;
    expect([seqsOf(first.ops), first.hasMore]).toEqual([[1, 2, 3], true]);
    const second = (await api.download({ sinceSeq: 3 }).expect(200)).body;
    expect([seqsOf(second.ops), second.hasMore]).toEqual([[4], false]);
    const piggyback = (await api.upload('A', ops('A', 1), { lastKnownServerSeq: 0 }).expect(200)).body;
    expect([piggyback.newOps.length, piggyback.hasMorePiggyback]).toEqual([3, true]);
  });

  it('a page for one user is an index range scan on (user_id, server_seq), whatever the table holds', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', ops('A', 1)).expect(200);
    const other = await createVerifiedUser(app.t);
    // Bulk rows for two users so the planner has a real table to choose on.
    await app.t.prisma.$executeRaw`
      INSERT INTO operations (id, user_id, server_seq, client_id, action_type, op_type, entity_type, entity_id, payload, stored_bytes,
                              vector_clock, schema_version, client_timestamp, received_at, is_payload_encrypted)
      SELECT 'bulk-' || u.id || '-' || g, u.id, g + 1, 'Z', 'x', 'UPD', 'TASK', 't', '"x"', 10, '{}', 4, 0, 0, true
        FROM generate_series(1, 30000) g, (VALUES (${user.id}::int), (${other.id}::int)) AS u(id)`;
    await app.t.prisma.userSyncState.update({ where: { userId: user.id }, data: { lastSeq: 30_001 } });
    // Statistics from every row, not ANALYZE's random sample of 30,000: the plan must not depend on the draw.
    await app.t.prisma.$transaction([
      app.t.prisma.$executeRawUnsafe('SET LOCAL default_statistics_target = 1000'),
      app.t.prisma.$executeRawUnsafe('ANALYZE operations'),
    ]);
    const repository = app.t.get(OperationsRepository);
    const state = app.t.get(SyncStateRepository);
    const explain = async (sinceSeq: number) => {
      const query = repository.pageWithStateQuery({ userId: user.id, excludeClient: 'A', limit: 501 }, state.readFrom(user.id, sinceSeq));
      return (await app.t.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${query}`))
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    };
    // From the start of the history (the worst case): walk the index in seq order and stop at the limit
    // (the lower bound comes from the state row, an InitPlan); every full row is then fetched through the
    // same index, and every lookup (state row, lowest seq) is keyed by the user.
    const fromStart = await explain(0);
    expect(fromStart).toMatch(
      /CTE candidates\n\s*-> {2}Limit [^\n]*\n(?:[^\n]*(?:InitPlan|CTE Scan on state)[^\n]*\n)*\s*-> {2}Index Scan using operations_user_id_server_seq_key on operations/,
    );
    expect(fromStart).not.toMatch(/Seq Scan/);
    const keyedByUser = (cond: string) =>
      cond === `Index Cond: (user_id = ${user.id})` || cond.startsWith(`Index Cond: ((user_id = ${user.id}) AND (server_seq`);
    expect(fromStart.match(/Index Cond: .*/g)!.every(keyedByUser)).toBe(true);
    expect(fromStart).toMatch(new RegExp(`Index Cond: \\(\\(user_id = ${user.id}\\) AND \\(server_seq > `));
    // A narrow range may be fetched through a bitmap of the same index; never by scanning the table.
    const narrow = await explain(29_000);
    expect(narrow).toMatch(/Index Cond: \(\(user_id = \d+\) AND \(server_seq > /);
    expect(narrow).not.toMatch(/Seq Scan/);
    const { body } = await api.download({ sinceSeq: 29_000, limit: 1000 }).expect(200);
    expect(body.ops[0].serverSeq).toBe(29_001);
  });
});

import { Client } from 'pg';
import { ciphertext, encryptedOp } from './factories/sync-op.factory';
import { useSyncTestApp } from './helpers/sync-api';
import { waitUntil } from './helpers/waiting';

type Result = { opId: string; accepted: boolean; serverSeq?: number; errorCode?: string; error?: string };
const seqs = (results: Result[]) => results.map((r) => (r.accepted ? r.serverSeq : r.errorCode));

describe('sequencing, idempotency and request dedup (protocol spec §4.1, §4.3, §4.4)', () => {
  const app = useSyncTestApp();

  it('P-25 the first op gets seq 1; n ops of one request get consecutive seqs and latestSeq is the last', async () => {
    const { api } = await app.fresh();
    expect((await api.upload('A', [encryptedOp('A')]).expect(200)).body).toMatchObject({ latestSeq: 1, results: [{ serverSeq: 1 }] });
    const res = await api
      .upload(
        'A',
        Array.from({ length: 5 }, () => encryptedOp('A')),
      )
      .expect(200);
    expect(seqs(res.body.results)).toEqual([2, 3, 4, 5, 6]);
    expect(res.body.latestSeq).toBe(6);
  });

  it('P-26 rejected ops consume no seq: [valid, invalid, valid] yields k, k+1', async () => {
    const { api } = await app.fresh();
    await api.upload('A', [encryptedOp('A')]).expect(200);
    const res = await api.upload('A', [encryptedOp('A'), encryptedOp('A', { opType: 'XYZ' }), encryptedOp('A')]).expect(200);
    expect(seqs(res.body.results)).toEqual([2, 'INVALID_OP_TYPE', 3]);
  });

  it('P-27 the same op id uploaded again is DUPLICATE_OPERATION without serverSeq, latestSeq unchanged', async () => {
    const { api } = await app.fresh();
    const op = encryptedOp('A');
    await api.upload('A', [op]).expect(200);
    const res = await api.upload('A', [op]).expect(200);
    expect(res.body.results).toEqual([{ opId: op.id, accepted: false, error: 'Duplicate operation ID', errorCode: 'DUPLICATE_OPERATION' }]);
    expect(res.body.latestSeq).toBe(1);
  });

  it('P-28 the same op re-encrypted (a different payload string) is still DUPLICATE_OPERATION', async () => {
    const { api } = await app.fresh();
    const op = encryptedOp('A');
    await api.upload('A', [op]).expect(200);
    const res = await api.upload('A', [{ ...op, payload: ciphertext() }]).expect(200);
    expect(res.body.results[0].errorCode).toBe('DUPLICATE_OPERATION');
  });

  it('P-29 the same id with a different entityId is INVALID_OP_ID', async () => {
    const { api } = await app.fresh();
    const op = encryptedOp('A');
    await api.upload('A', [op]).expect(200);
    const res = await api.upload('A', [{ ...op, entityId: 'another' }]).expect(200);
    expect(res.body.results[0]).toMatchObject({
      accepted: false,
      errorCode: 'INVALID_OP_ID',
      error: 'Operation ID already belongs to a different operation',
    });
  });

  it("P-30 an op id stored by user V is INVALID_OP_ID for user U, and V's op is untouched", async () => {
    const v = await app.fresh();
    const u = await app.fresh();
    const op = encryptedOp('A');
    await v.api.upload('A', [op]).expect(200);
    const res = await u.api.upload('A', [op]).expect(200);
    expect(res.body.results[0]).toMatchObject({ accepted: false, errorCode: 'INVALID_OP_ID' });
    expect((await u.api.status()).body.latestSeq).toBe(0);
    const [stored] = (await v.api.download({ sinceSeq: 0 })).body.ops;
    expect(stored).toMatchObject({ serverSeq: 1, op: { id: op.id, payload: op.payload } });
  });

  it('P-31 two identical ops with one id in one request: the first is accepted, the second DUPLICATE_OPERATION', async () => {
    const { api } = await app.fresh();
    const op = encryptedOp('A');
    const res = await api.upload('A', [op, { ...op }, { ...op, entityId: 'other' }]).expect(200);
    expect(seqs(res.body.results)).toEqual([1, 'DUPLICATE_OPERATION', 'INVALID_OP_ID']);
  });

  it('P-32 concurrent uploads by different clients get distinct, contiguous seqs 1..n', async () => {
    const { api } = await app.fresh();
    const clients = ['A', 'B', 'C', 'D', 'E', 'F'];
    const responses = await Promise.all(clients.map((c) => api.upload(c, [encryptedOp(c), encryptedOp(c), encryptedOp(c)])));
    const results: Result[] = responses.flatMap((r) => r.body.results);
    const acceptedSeqs = results.filter((r) => r.accepted).map((r) => r.serverSeq!);
    expect(results.filter((r) => !r.accepted).every((r) => r.errorCode === 'INTERNAL_ERROR')).toBe(true);
    expect([...acceptedSeqs].sort((a, b) => a - b)).toEqual(Array.from({ length: acceptedSeqs.length }, (_, i) => i + 1));
    const stored = (await api.download({ sinceSeq: 0 })).body.ops.map((o: { op: { id: string } }) => o.op.id);
    expect(stored.sort()).toEqual(
      results
        .filter((r) => r.accepted)
        .map((r) => r.opId)
        .sort(),
    );
  });

  it('P-32 an upload whose transaction fails (an insert race on an op id) reports INTERNAL_ERROR for every op and stores none', async () => {
    const other = await app.fresh();
    const { api } = await app.fresh();
    const contested = encryptedOp('A');
    // Another writer holds the id uncommitted, so this upload cannot see it yet and collides on insert.
    const writer = new Client({ connectionString: app.t.db.url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO operations (id, user_id, server_seq, client_id, action_type, op_type, entity_type, entity_id, payload, stored_bytes,
                                 vector_clock, schema_version, client_timestamp, received_at, is_payload_encrypted)
         VALUES ($1, $2, 1, 'Z', 'x', 'UPD', 'TASK', 't', '"x"', 10, '{}', 4, 0, 0, true)`,
        [contested.id, other.user.id],
      );
      const upload = api.upload('A', [encryptedOp('A'), contested]).then((res) => res); // supertest sends on then()
      const blocked = async () =>
        Number(
          (await writer.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))
            .rows[0].count,
        ) > 0;
      await waitUntil(blocked, 'the upload to wait for the uncommitted row');
      await writer.query('COMMIT');
      const res = await upload;
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: Result) => [r.accepted, r.errorCode, r.error])).toEqual([
        [false, 'INTERNAL_ERROR', 'Concurrent transaction conflict - please retry'],
        [false, 'INTERNAL_ERROR', 'Concurrent transaction conflict - please retry'],
      ]);
      expect((await api.status()).body).toMatchObject({ latestSeq: 0, storageUsedBytes: 0 });
    } finally {
      await writer.end();
    }
    // The retry resolves to the two permanent outcomes.
    const retry = await api.upload('A', [encryptedOp('A'), contested]).expect(200);
    expect(seqs(retry.body.results)).toEqual([1, 'INVALID_OP_ID']);
  });

  it('P-33 downloads during concurrent uploads never pass their latestSeq and pages ascend strictly', async () => {
    const { api } = await app.fresh();
    const writers = Promise.all(
      ['A', 'B', 'C'].map(async (c) => {
        for (let i = 0; i < 5; i++) await api.upload(c, [encryptedOp(c), encryptedOp(c)]).expect(200);
      }),
    );
    let done = false;
    void writers.then(() => (done = true));
    let reads = 0;
    while (!done || reads < 3) {
      const { body } = await api.download({ sinceSeq: 0, limit: 4 }).expect(200);
      const pageSeqs: number[] = body.ops.map((o: { serverSeq: number }) => o.serverSeq);
      expect(pageSeqs.every((s) => s <= body.latestSeq)).toBe(true);
      expect(pageSeqs.every((s, i) => i === 0 || s > pageSeqs[i - 1])).toBe(true);
      reads += 1;
    }
    await writers;
  });

  describe('request dedup by requestId', () => {
    it('P-34 a repeat with the same requestId and body returns the original results, deduplicated, storing nothing', async () => {
      const { api } = await app.fresh();
      const ops = [encryptedOp('A'), encryptedOp('A')];
      const first = await api.upload('A', ops, { requestId: 'ops-v1-1' }).expect(200);
      // The client re-encrypts a retried payload: the fingerprint ignores ciphertext.
      const again = await api
        .upload(
          'A',
          ops.map((op) => ({ ...op, payload: ciphertext() })),
          { requestId: 'ops-v1-1' },
        )
        .expect(200);
      expect(again.body).toEqual({ results: first.body.results, latestSeq: 2, deduplicated: true });
      expect((await api.status()).body.latestSeq).toBe(2);
    });

    it('P-35 a retry with lastKnownServerSeq piggybacks what another client uploaded in between', async () => {
      const { api } = await app.fresh();
      const ops = [encryptedOp('A')];
      const first = await api.upload('A', ops, { requestId: 'r-35', lastKnownServerSeq: 0 }).expect(200);
      const foreign = encryptedOp('B');
      await api.upload('B', [foreign]).expect(200);
      const retry = await api.upload('A', ops, { requestId: 'r-35', lastKnownServerSeq: first.body.latestSeq }).expect(200);
      expect(retry.body).toMatchObject({ results: first.body.results, latestSeq: 2, deduplicated: true });
      expect(retry.body.newOps.map((o: { op: { id: string } }) => o.op.id)).toEqual([foreign.id]);
    });

    it('P-36 the same requestId with a different body is processed as a new request', async () => {
      const { api } = await app.fresh();
      await api.upload('A', [encryptedOp('A')], { requestId: 'r-36' }).expect(200);
      const other = await api.upload('A', [encryptedOp('A')], { requestId: 'r-36' }).expect(200);
      expect(other.body.deduplicated).toBeUndefined();
      expect(seqs(other.body.results)).toEqual([2]);
    });

    it('P-37 a requestId retry is not refused by the quota gate although the first request filled the quota', async () => {
      const { user, api } = await app.fresh();
      const ops = [encryptedOp('A')];
      await api.upload('A', ops, { requestId: 'r-37' }).expect(200);
      const used = (await api.status()).body.storageUsedBytes;
      await app.t.prisma.user.update({ where: { id: user.id }, data: { storageQuotaBytes: used } });
      expect((await api.upload('A', ops, { requestId: 'r-37' }).expect(200)).body.deduplicated).toBe(true);
      expect((await api.upload('A', [encryptedOp('A')], { requestId: 'r-37b' }).expect(413)).body.errorCode).toBe('STORAGE_QUOTA_EXCEEDED');
    });

    it('a cached answer that predates a state replacement is not replayed: the retry is fenced instead', async () => {
      const { api } = await app.fresh();
      const ops = [encryptedOp('A')];
      await api.upload('A', ops, { requestId: 'r-repl', lastKnownServerSeq: 0 }).expect(200);
      await api
        .snapshot({ state: ciphertext(), clientId: 'B', reason: 'recovery', vectorClock: { B: 1 }, isPayloadEncrypted: true })
        .expect(200);
      const retry = await api.upload('A', ops, { requestId: 'r-repl', lastKnownServerSeq: 0 }).expect(200);
      expect(retry.body.deduplicated).toBeUndefined();
      expect(retry.body.results[0]).toMatchObject({
        errorCode: 'INTERNAL_ERROR',
        error: 'Download the latest full-state replacement before retrying',
      });
      expect(retry.body.newOps.map((o: { serverSeq: number }) => o.serverSeq)).toEqual([2]);
      // Caught up, the retry is still processed afresh (its cached seq 1 predates the replacement): the op is a duplicate.
      const caughtUp = await api.upload('A', ops, { requestId: 'r-repl', lastKnownServerSeq: 2 }).expect(200);
      expect(caughtUp.body.deduplicated).toBeUndefined();
      expect(caughtUp.body.results[0].errorCode).toBe('DUPLICATE_OPERATION');
    });

    it('deterministic rejections are cached too, but a transient INTERNAL_ERROR answer is not', async () => {
      const { api } = await app.fresh();
      const bad = [encryptedOp('A', { opType: 'XYZ' })];
      await api.upload('A', bad, { requestId: 'r-det' }).expect(200);
      expect((await api.upload('A', bad, { requestId: 'r-det' }).expect(200)).body.deduplicated).toBe(true);
      await api
        .snapshot({ state: ciphertext(), clientId: 'B', reason: 'recovery', vectorClock: { B: 1 }, isPayloadEncrypted: true })
        .expect(200);
      const fencedOps = [encryptedOp('A')];
      const fenced = await api.upload('A', fencedOps, { requestId: 'r-fence', lastKnownServerSeq: 0 }).expect(200);
      expect(fenced.body.results[0].errorCode).toBe('INTERNAL_ERROR');
      const retry = await api.upload('A', fencedOps, { requestId: 'r-fence', lastKnownServerSeq: fenced.body.latestSeq }).expect(200);
      expect(retry.body.deduplicated).toBeUndefined();
      expect(retry.body.results[0]).toMatchObject({ accepted: true });
    });

    it('an entry older than 5 minutes no longer answers: the retry is processed again', async () => {
      const { user, api } = await app.fresh();
      const ops = [encryptedOp('A')];
      await api.upload('A', ops, { requestId: 'r-ttl' }).expect(200);
      await app.t.prisma.syncRequestDedup.updateMany({
        where: { userId: user.id },
        data: { createdAt: new Date(Date.now() - 5 * 60_000 - 1000) },
      });
      const late = await api.upload('A', ops, { requestId: 'r-ttl' }).expect(200);
      expect(late.body.deduplicated).toBeUndefined();
      expect(late.body.results[0].errorCode).toBe('DUPLICATE_OPERATION');
    });
  });
});

import { ciphertext, encryptedOp, WireOp } from './factories/sync-op.factory';
import { TestUser } from './factories/user.factory';
import { syncApi, useSyncTestApp } from './helpers/sync-api';

type Result = { opId: string; accepted: boolean; serverSeq?: number; errorCode?: string; error?: string };

describe('upload validation (protocol spec §2.3, §3.1, §4.2, §4.10)', () => {
  const app = useSyncTestApp();

  /** Uploads one op next to a valid sibling and returns the op's result. */
  const single = async (op: WireOp, clientId = 'A'): Promise<Result> => {
    const { api } = await app.fresh();
    const res = await api.upload(clientId, [op, encryptedOp(clientId)]).expect(200);
    expect(res.body.results[1].accepted).toBe(true);
    return res.body.results[0];
  };
  const downloaded = async (user: TestUser) => (await syncApi(app.t, user).download({ sinceSeq: 0 }).expect(200)).body.ops;
  const nothingStored = async (user: TestUser) => {
    const status = (await syncApi(app.t, user).status().expect(200)).body;
    expect(status).toMatchObject({ latestSeq: 0, storageUsedBytes: 0 });
    expect(await app.t.prisma.operation.count({ where: { userId: user.id } })).toBe(0);
  };

  it('P-11 101 ops answer 413 PAYLOAD_TOO_LARGE with maxOpsPerBatch 100 and store nothing', async () => {
    const { user, api } = await app.fresh();
    const res = await api
      .upload(
        'A',
        Array.from({ length: 101 }, () => encryptedOp('A')),
      )
      .expect(413);
    expect(res.body).toEqual({
      error: 'Too many operations in upload batch. Maximum is 100.',
      errorCode: 'PAYLOAD_TOO_LARGE',
      maxOpsPerBatch: 100,
      correlationId: expect.any(String),
    });
    await nothingStored(user);
  });

  it('P-12 ops: [] answers 400', async () => {
    const { user, api } = await app.fresh();
    const res = await api.upload('A', []).expect(400);
    expect(res.body).toMatchObject({ error: 'Validation failed' });
    await nothingStored(user);
  });

  it('P-13 a request clientId containing "." answers 400', async () => {
    const { api } = await app.fresh();
    await api.upload('A.B', [encryptedOp('A.B')]).expect(400);
  });

  it('P-14 one op without isPayloadEncrypted refuses the whole request with 400 E2EE_REQUIRED and leaves latestSeq unchanged', async () => {
    const { user, api } = await app.fresh();
    await api.upload('A', [encryptedOp('A')]).expect(200);
    const plain = encryptedOp('A');
    delete plain.isPayloadEncrypted;
    const res = await api.upload('A', [encryptedOp('A'), plain]).expect(400);
    expect(res.body).toEqual({
      error: 'This server only accepts end-to-end encrypted payloads. Update the app, enable sync encryption, then retry.',
      errorCode: 'E2EE_REQUIRED',
      correlationId: expect.any(String),
    });
    expect((await api.status()).body.latestSeq).toBe(1);
    expect(await downloaded(user)).toHaveLength(1);
  });

  it('P-15 payload "abc=" (decoded < 28 bytes) with isPayloadEncrypted: true answers 400 E2EE_REQUIRED', async () => {
    const { user, api } = await app.fresh();
    const res = await api.upload('A', [encryptedOp('A', { payload: 'abc=' })]).expect(400);
    expect(res.body.errorCode).toBe('E2EE_REQUIRED');
    for (const payload of [{ a: 1 }, 'not base64!', ciphertext(40).slice(0, -1), null]) {
      expect((await api.upload('A', [encryptedOp('A', { payload })]).expect(400)).body.errorCode).toBe('E2EE_REQUIRED');
    }
    await nothingStored(user);
  });

  it('P-16 an op whose clientId differs from the request gets INVALID_CLIENT_ID; its valid siblings are accepted', async () => {
    const { api } = await app.fresh();
    const res = await api.upload('A', [encryptedOp('A'), encryptedOp('B'), encryptedOp('A')]).expect(200);
    expect(res.body.results.map((r: Result) => r.accepted)).toEqual([true, false, true]);
    expect(res.body.results[1]).toMatchObject({
      errorCode: 'INVALID_CLIENT_ID',
      error: 'Operation clientId "B" does not match request clientId "A"',
    });
    expect(res.body.results[1].serverSeq).toBeUndefined();
  });

  it('P-17 entityType FOO is INVALID_ENTITY_TYPE; opType XYZ is INVALID_OP_TYPE', async () => {
    expect(await single(encryptedOp('A', { entityType: 'FOO' }))).toMatchObject({
      accepted: false,
      errorCode: 'INVALID_ENTITY_TYPE',
      error: 'Invalid entityType: FOO',
    });
    expect(await single(encryptedOp('A', { opType: 'XYZ' }))).toMatchObject({
      accepted: false,
      errorCode: 'INVALID_OP_TYPE',
      error: 'Invalid opType',
    });
  });

  it('P-18 a TASK UPD without entityId is MISSING_ENTITY_ID; an ALL op without entityId is accepted', async () => {
    expect(await single(encryptedOp('A', { entityId: undefined }))).toMatchObject({
      errorCode: 'MISSING_ENTITY_ID',
      error: 'Operation UPD on TASK requires entityId',
    });
    expect(await single(encryptedOp('A', { entityType: 'ALL', entityId: undefined }))).toMatchObject({ accepted: true });
  });

  it('P-19 entityId "   " is INVALID_ENTITY_ID', async () => {
    expect(await single(encryptedOp('A', { entityId: '   ' }))).toMatchObject({
      errorCode: 'INVALID_ENTITY_ID',
      error: 'entityId cannot be empty or whitespace-only',
    });
  });

  it('P-20 schemaVersion 101 is INVALID_SCHEMA_VERSION; 100 is accepted', async () => {
    expect(await single(encryptedOp('A', { schemaVersion: 101 }))).toMatchObject({
      errorCode: 'INVALID_SCHEMA_VERSION',
      error: 'Invalid schema version: 101',
    });
    expect(await single(encryptedOp('A', { schemaVersion: 100 }))).toMatchObject({ accepted: true });
  });

  it('P-21 timestamp 1.5 is INVALID_TIMESTAMP; a timestamp from 5 years ago is stored unchanged', async () => {
    expect(await single(encryptedOp('A', { timestamp: 1.5 }))).toMatchObject({
      errorCode: 'INVALID_TIMESTAMP',
      error: 'Invalid timestamp',
    });
    const { user, api } = await app.fresh();
    const old = Date.now() - 5 * 365 * 24 * 3600_000;
    await api.upload('A', [encryptedOp('A', { timestamp: old })]).expect(200);
    expect((await downloaded(user))[0].op.timestamp).toBe(old);
  });

  it('P-22 a timestamp 10 minutes ahead is accepted and downloads as receivedAt + 60000', async () => {
    const { user, api } = await app.fresh();
    const res = await api.upload('A', [encryptedOp('A', { timestamp: Date.now() + 600_000 })]).expect(200);
    expect(res.body.results[0].accepted).toBe(true);
    const [op] = await downloaded(user);
    expect(op.op.timestamp).toBe(op.receivedAt + 60_000);
  });

  it('P-23 a 51-entry clock is INVALID_VECTOR_CLOCK; {"a":1,"b":-1,"c":"x"} is accepted and stored as {"a":1}', async () => {
    const wide = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 1]));
    expect(await single(encryptedOp('A', { vectorClock: wide }))).toMatchObject({
      errorCode: 'INVALID_VECTOR_CLOCK',
      error: 'Vector clock has too many entries (51, max 50)',
    });
    const { user, api } = await app.fresh();
    await api.upload('a', [encryptedOp('a', { vectorClock: { a: 1, b: -1, c: 'x' } })]).expect(200);
    expect((await downloaded(user))[0].op.vectorClock).toEqual({ a: 1 });
  });

  it('P-24 a payload whose JSON exceeds 20 MiB is PAYLOAD_TOO_LARGE "Payload too large"', async () => {
    const { api } = await app.fresh();
    // Canonical base64 of zero bytes compresses to almost nothing, so it fits the 10 MiB gzip wire limit.
    const body = { ops: [encryptedOp('A', { payload: 'A'.repeat(21 * 1024 * 1024) }), encryptedOp('A')], clientId: 'A' };
    const res = await api.uploadGzipped(body).expect(200);
    expect(res.body.results[0]).toMatchObject({ accepted: false, errorCode: 'PAYLOAD_TOO_LARGE', error: 'Payload too large' });
    expect(res.body.results[1]).toMatchObject({ accepted: true, serverSeq: 1 });
  });

  describe('malformed requests get a stable 4xx and write nothing', () => {
    const valid = () => ({ ops: [encryptedOp('A')], clientId: 'A' });
    const cases: [string, (body: ReturnType<typeof valid>) => unknown][] = [
      ['ops not an array', (b) => ({ ...b, ops: { 0: b.ops[0] } })],
      ['an op that is a number', (b) => ({ ...b, ops: [5] })],
      ['an op that is null', (b) => ({ ...b, ops: [null] })],
      ['missing clientId', (b) => ({ ops: b.ops })],
      ['clientId of 256 chars', (b) => ({ ...b, clientId: 'a'.repeat(256) })],
      ['op id a number', (b) => ({ ...b, ops: [{ ...b.ops[0], id: 7 }] })],
      ['op id of 5000 chars', (b) => ({ ...b, ops: [{ ...b.ops[0], id: 'i'.repeat(5000) }] })],
      ['op id with a NUL', (b) => ({ ...b, ops: [{ ...b.ops[0], id: 'a\u0000b' }] })],
      ['actionType empty', (b) => ({ ...b, ops: [{ ...b.ops[0], actionType: '' }] })],
      ['actionType of 256 chars', (b) => ({ ...b, ops: [{ ...b.ops[0], actionType: 'x'.repeat(256) }] })],
      ['entityId null', (b) => ({ ...b, ops: [{ ...b.ops[0], entityId: null }] })],
      ['entityIds with a number', (b) => ({ ...b, ops: [{ ...b.ops[0], entityIds: ['a', 1] }] })],
      ['entityIds of 2001 items', (b) => ({ ...b, ops: [{ ...b.ops[0], entityIds: Array.from({ length: 2001 }, (_, i) => `e${i}`) }] })],
      ['vectorClock an array', (b) => ({ ...b, ops: [{ ...b.ops[0], vectorClock: [1] }] })],
      ['vectorClock missing', (b) => ({ ...b, ops: [{ ...b.ops[0], vectorClock: undefined }] })],
      ['timestamp a string', (b) => ({ ...b, ops: [{ ...b.ops[0], timestamp: '123' }] })],
      ['schemaVersion missing', (b) => ({ ...b, ops: [{ ...b.ops[0], schemaVersion: undefined }] })],
      ['isPayloadEncrypted "true"', (b) => ({ ...b, ops: [{ ...b.ops[0], isPayloadEncrypted: 'true' }] })],
      ['syncImportReason unknown', (b) => ({ ...b, ops: [{ ...b.ops[0], syncImportReason: 'WHY_NOT' }] })],
      ['repairBaseServerSeq negative', (b) => ({ ...b, ops: [{ ...b.ops[0], repairBaseServerSeq: -1 }] })],
      ['lastKnownServerSeq fractional', (b) => ({ ...b, lastKnownServerSeq: 1.5 })],
      ['lastKnownServerSeq a string', (b) => ({ ...b, lastKnownServerSeq: '3' })],
      ['requestId with a dot', (b) => ({ ...b, requestId: 'a.b' })],
      ['requestId of 65 chars', (b) => ({ ...b, requestId: 'r'.repeat(65) })],
      ['payload nested 300 levels', (b) => ({ ...b, ops: [{ ...b.ops[0], payload: JSON.parse(`${'['.repeat(300)}${']'.repeat(300)}`) }] })],
      ['a body that is an array', (b) => [b]],
    ];
    it.each(cases)('%s → 400', async (_label, mutate) => {
      const { user, api } = await app.fresh();
      const res = await api.uploadRaw(mutate(valid()));
      expect(res.status).toBe(400);
      expect(typeof res.body.errorCode).toBe('string');
      await nothingStored(user);
    });

    it('a body that is not JSON → 400 INVALID_JSON; text/plain → 415', async () => {
      const { user } = await app.fresh();
      const auth = `Bearer ${user.token}`;
      const broken = await app.t
        .http()
        .post('/api/sync/ops')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send('{"ops": [');
      expect([broken.status, broken.body.errorCode]).toEqual([400, 'INVALID_JSON']);
      const text = await app.t
        .http()
        .post('/api/sync/ops')
        .set('Authorization', auth)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(valid()));
      expect(text.status).toBe(415);
      await nothingStored(user);
    });

    it('unknown fields on the envelope and on ops are ignored, not stored and not echoed', async () => {
      const { user, api } = await app.fresh();
      const op = { ...encryptedOp('A'), flavour: 'vanilla' };
      const res = await api.uploadRaw({ ops: [op], clientId: 'A', somethingNew: true }).expect(200);
      expect(res.body.results[0].accepted).toBe(true);
      const [stored] = await downloaded(user);
      expect(stored.op.flavour).toBeUndefined();
      expect(stored.op.payload).toBe(op.payload);
    });
  });
});

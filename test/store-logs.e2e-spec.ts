import { randomBytes, randomUUID } from 'node:crypto';
import { addMember, createStore } from './factories/store.factory';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { ndjsonValues } from './helpers/account-transfer-api';
import { entryBody, EntryBody, logsApi, LogsApi } from './helpers/logs-api';
import { TestApp, useTwinApps } from './helpers/test-app';
import { UNLIMITED } from './helpers/test-config';

/** The JSON body of a response, also of a refused NDJSON request (whose parser leaves the body as text). */
const jsonBody = (res: { body: unknown }): unknown => (typeof res.body === 'string' ? JSON.parse(res.body) : res.body);

interface Result {
  clientId: string;
  clientIndex: number;
  seq: number;
  duplicate: boolean;
}

describe('log stores: append-only entries with a server sequence (opsync-api.md §4)', () => {
  let t: TestApp;
  /** A second instance on the same database, for the concurrency test. */
  let twin: TestApp;
  useTwinApps((apps) => ({ t, twin } = apps), { env: UNLIMITED });

  const fresh = async (): Promise<{ user: TestUser; logs: LogsApi; storeId: string }> => {
    const user = await createVerifiedUser(t);
    return { user, logs: logsApi(t, user), storeId: await createStore(t, user.id) };
  };
  const storedSeqs = async (storeId: string) =>
    (await t.prisma.logEntry.findMany({ where: { storeId }, orderBy: { seq: 'asc' }, select: { seq: true } })).map((e) => e.seq);
  /** The store's quota charge (stores keep their own; the owner's quota is the op log's counter plus these). */
  const storedBytes = async (storeId: string) => Number((await t.prisma.store.findUniqueOrThrow({ where: { id: storeId } })).storedBytes);
  /** Appends `count` entries of one client, from clientIndex `from`. */
  const appendRun = (logs: LogsApi, storeId: string, clientId: string, from: number, count: number) =>
    logs.append(
      storeId,
      Array.from({ length: count }, (_, i) => entryBody(clientId, from + i)),
    );

  it('O-20 appending 3 entries → seqs 1..3; re-sending one → the same seq, duplicate: true, nothing stored', async () => {
    const { logs, storeId } = await fresh();
    const entries = [
      entryBody('laptop', 0, { nonce: 'n-0', clientTimestamp: '1733241600000:0:laptop' }),
      entryBody('laptop', 1),
      entryBody('phone', 0),
    ];
    const first = await logs.append(storeId, entries).expect(200);
    expect(first.body).toEqual({
      results: [
        { clientIndex: 0, clientId: 'laptop', seq: 1, duplicate: false },
        { clientIndex: 1, clientId: 'laptop', seq: 2, duplicate: false },
        { clientIndex: 0, clientId: 'phone', seq: 3, duplicate: false },
      ],
      latestSeq: 3,
    });
    const bytesAfterFirst = await storedBytes(storeId);
    expect(bytesAfterFirst).toBe(3 * 24);

    const again = await logs.append(storeId, [entries[1]]).expect(200);
    expect(again.body).toEqual({ results: [{ clientIndex: 1, clientId: 'laptop', seq: 2, duplicate: true }], latestSeq: 3 });
    expect(await storedSeqs(storeId)).toEqual([1, 2, 3]);
    expect(await storedBytes(storeId)).toBe(bytesAfterFirst);

    const page = await logs.page(storeId).expect(200);
    expect(page.body).toEqual({
      entries: entries.map((e, i) => ({
        seq: i + 1,
        clientId: e.clientId,
        clientIndex: e.clientIndex,
        data: e.data,
        nonce: e.nonce ?? null,
        clientTimestamp: e.clientTimestamp ?? null,
        createdAt: expect.any(Number),
      })),
      latestSeq: 3,
      hasMore: false,
    });
  });

  it('a batch mixing stored, new and repeated entries: duplicates keep their seq, new ones continue without a gap', async () => {
    const { logs, storeId } = await fresh();
    await appendRun(logs, storeId, 'a', 0, 2).expect(200);
    const mixed = await logs.append(storeId, [entryBody('a', 1), entryBody('b', 0), entryBody('b', 0), entryBody('a', 2)]).expect(200);
    expect(mixed.body.results.map((r: Result) => [r.seq, r.duplicate])).toEqual([
      [2, true],
      [3, false],
      [3, true],
      [4, false],
    ]);
    expect(mixed.body.latestSeq).toBe(4);
    expect(await storedSeqs(storeId)).toEqual([1, 2, 3, 4]);
  });

  it('appends charge the store (decoded bytes) against its owner’s quota, whoever appends; over the quota → 413 STORAGE_QUOTA_EXCEEDED, nothing stored', async () => {
    const { user: owner, storeId } = await fresh();
    const writer = await createVerifiedUser(t);
    await addMember(t, storeId, writer.id, 'WRITE');
    const logs = logsApi(t, writer);
    await t.prisma.user.update({ where: { id: owner.id }, data: { storageQuotaBytes: 1000 } });
    await t.prisma.user.update({ where: { id: writer.id }, data: { storageQuotaBytes: 0 } }); // the writer is not charged

    await logs.append(storeId, [entryBody('w', 0, { data: Buffer.alloc(600).toString('base64') })]).expect(200);
    expect(await storedBytes(storeId)).toBe(600);
    const refused = await logs
      .append(storeId, [
        entryBody('w', 1, { data: Buffer.alloc(300).toString('base64') }),
        entryBody('w', 2, { data: Buffer.alloc(300).toString('base64') }),
      ])
      .expect(413);
    expect(refused.body).toMatchObject({ errorCode: 'STORAGE_QUOTA_EXCEEDED', storageUsedBytes: 600, storageQuotaBytes: 1000 });
    expect(await storedSeqs(storeId)).toEqual([1]);
    const store = await t.prisma.store.findUniqueOrThrow({ where: { id: storeId } });
    expect({ latestSeq: store.latestSeq, storedBytes: Number(store.storedBytes) }).toEqual({ latestSeq: 1, storedBytes: 600 });
  });

  it('O-21 8 concurrent appenders on two instances sharing one database → seqs 1..N without gap or duplicate', async () => {
    const { user, storeId } = await fresh();
    const requestsPerAppender = 4;
    const entriesPerRequest = 25;
    const appenders = Array.from({ length: 8 }, (_, n) => ({ clientId: `appender-${n}`, logs: logsApi(n % 2 === 0 ? t : twin, user) }));

    const results = (
      await Promise.all(
        appenders.map(async ({ clientId, logs }) => {
          const mine: Result[] = [];
          for (let r = 0; r < requestsPerAppender; r++) {
            const res = await appendRun(logs, storeId, clientId, r * entriesPerRequest, entriesPerRequest);
            expect(res.status).toBe(200);
            mine.push(...(res.body.results as Result[]));
          }
          return mine;
        }),
      )
    ).flat();

    const total = 8 * requestsPerAppender * entriesPerRequest;
    const everySeq = Array.from({ length: total }, (_, i) => i + 1);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(everySeq);
    expect(await storedSeqs(storeId)).toEqual(everySeq);
    expect((await t.prisma.store.findUniqueOrThrow({ where: { id: storeId } })).latestSeq).toBe(total);
    // Each client's entries were stored in the order it sent them.
    const stored = await t.prisma.logEntry.findMany({ where: { storeId }, orderBy: { seq: 'asc' } });
    for (const { clientId } of appenders) {
      const indexes = stored.filter((e) => e.clientId === clientId).map((e) => e.clientIndex);
      expect(indexes).toEqual(Array.from({ length: requestsPerAppender * entriesPerRequest }, (_, i) => i));
    }
  });

  it('concurrent re-sends of one batch on both instances store it once; every answer names the same seqs', async () => {
    const { logs, storeId, user } = await fresh();
    const batch = Array.from({ length: 10 }, (_, i) => entryBody('retry', i));
    const answers = await Promise.all([t, twin, t, twin].map((app) => logsApi(app, user).append(storeId, batch)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const seqs = answers.map((a) => (a.body.results as Result[]).map((r) => r.seq));
    for (const s of seqs) expect(s).toEqual(seqs[0]);
    expect(answers.filter((a) => (a.body.results as Result[]).every((r) => !r.duplicate))).toHaveLength(1);
    expect(await storedSeqs(storeId)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect((await logs.page(storeId).expect(200)).body.latestSeq).toBe(10);
  });

  it('O-22 GET entries?after=&limit= pages with hasMore; the NDJSON stream sends every entry after `after`, then the done line', async () => {
    const { logs, storeId } = await fresh();
    const sent: EntryBody[] = Array.from({ length: 7 }, (_, i) => entryBody(i % 2 ? 'odd' : 'even', i));
    await logs.append(storeId, sent).expect(200);
    const seqsOf = (body: { entries: { seq: number }[] }) => body.entries.map((e) => e.seq);

    const first = (await logs.page(storeId, { limit: 3 }).expect(200)).body;
    expect({ seqs: seqsOf(first), latestSeq: first.latestSeq, hasMore: first.hasMore }).toEqual({
      seqs: [1, 2, 3],
      latestSeq: 7,
      hasMore: true,
    });
    const second = (await logs.page(storeId, { after: 3, limit: 3 }).expect(200)).body;
    expect({ seqs: seqsOf(second), hasMore: second.hasMore }).toEqual({ seqs: [4, 5, 6], hasMore: true });
    const last = (await logs.page(storeId, { after: 6, limit: 3 }).expect(200)).body;
    expect({ seqs: seqsOf(last), hasMore: last.hasMore }).toEqual({ seqs: [7], hasMore: false });
    expect((await logs.page(storeId, { after: 7 }).expect(200)).body).toEqual({ entries: [], latestSeq: 7, hasMore: false });
    expect((await logs.page(storeId, { after: 4, limit: 3 }).expect(200)).body.hasMore).toBe(false);

    const stream = await logs.stream(storeId, { after: 2, limit: 1 }).expect(200);
    expect(stream.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = ndjsonValues(stream.body as string);
    expect(lines.slice(0, -1)).toEqual((await logs.page(storeId, { after: 2 }).expect(200)).body.entries);
    expect(lines.slice(0, -1).map((e) => e.data)).toEqual(sent.slice(2).map((e) => e.data));
    expect(lines[lines.length - 1]).toEqual({ latestSeq: 7, done: true });

    const empty = await fresh();
    expect(ndjsonValues((await empty.logs.stream(empty.storeId).expect(200)).body as string)).toEqual([{ latestSeq: 0, done: true }]);
  });

  it('the NDJSON stream pages through more entries than one page holds, in order', async () => {
    const { logs, storeId } = await fresh();
    // 2,500 tiny entries: the stream reads them in three keyset pages.
    for (let from = 0; from < 2500; from += 500) await appendRun(logs, storeId, 'bulk', from, 500).expect(200);
    const lines = ndjsonValues((await logs.stream(storeId).expect(200)).body as string);
    expect(lines).toHaveLength(2501);
    expect(lines.slice(0, -1).map((e) => e.seq)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    expect(lines[2500]).toEqual({ latestSeq: 2500, done: true });
  });

  it('a page stops before its entries exceed the byte budget and says hasMore', async () => {
    const { logs, storeId, user } = await fresh();
    await t.prisma.user.update({ where: { id: user.id }, data: { storageQuotaBytes: 1024 ** 3 } });
    // Twelve 1 MiB entries (in batches the body limit allows): more than one page's 8 MiB budget.
    const big = () => randomBytes(1024 * 1024).toString('base64');
    for (let from = 0; from < 12; from += 4) {
      await logs
        .append(
          storeId,
          Array.from({ length: 4 }, (_, i) => entryBody('big', from + i, { data: big() })),
        )
        .expect(200);
    }
    const first = (await logs.page(storeId, { limit: 100 }).expect(200)).body;
    expect(first.entries.length).toBeLessThan(12);
    expect(first.hasMore).toBe(true);
    const rest = (await logs.page(storeId, { after: first.entries.at(-1).seq, limit: 100 }).expect(200)).body;
    expect([...first.entries, ...rest.entries].map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(rest.hasMore).toBe(false);
  });

  it('O-23 pull with a syncStatus vector returns exactly the entries it does not cover, in seq order', async () => {
    const { logs, storeId } = await fresh();
    // seq: 1 a0, 2 b0, 3 a1, 4 c0, 5 b1, 6 a2, 7 c1, 8 b2
    const order: [string, number][] = [
      ['a', 0],
      ['b', 0],
      ['a', 1],
      ['c', 0],
      ['b', 1],
      ['a', 2],
      ['c', 1],
      ['b', 2],
    ];
    await logs
      .append(
        storeId,
        order.map(([c, i]) => entryBody(c, i)),
      )
      .expect(200);
    const pulled = async (syncStatus: Record<string, number>, limit?: number) => {
      const body = (await logs.pull(storeId, { syncStatus, ...(limit ? { limit } : {}) }).expect(200)).body;
      return { seqs: body.entries.map((e: { seq: number }) => e.seq), latestSeq: body.latestSeq, hasMore: body.hasMore };
    };

    expect(await pulled({ a: 1, b: 0 })).toEqual({ seqs: [4, 5, 6, 7, 8], latestSeq: 8, hasMore: false });
    expect(await pulled({})).toEqual({ seqs: [1, 2, 3, 4, 5, 6, 7, 8], latestSeq: 8, hasMore: false });
    expect(await pulled({ a: 2, b: 2, c: 1 })).toEqual({ seqs: [], latestSeq: 8, hasMore: false });
    expect(await pulled({ a: 5, unknown: 3 })).toEqual({ seqs: [2, 4, 5, 7, 8], latestSeq: 8, hasMore: false });
    // RSA style: repeat with the updated vector while hasMore.
    expect(await pulled({ c: 1 }, 2)).toEqual({ seqs: [1, 2], latestSeq: 8, hasMore: true });
    expect(await pulled({ a: 0, b: 0, c: 1 }, 2)).toEqual({ seqs: [3, 5], latestSeq: 8, hasMore: true });
    expect(await pulled({ a: 1, b: 1, c: 1 }, 2)).toEqual({ seqs: [6, 8], latestSeq: 8, hasMore: false });
  });

  it('the OpenAPI document describes the entries routes: JSON and NDJSON answers, STORE_KIND_MISMATCH', async () => {
    const document = (await t.http().get('/api/openapi.json').expect(200)).body;
    const entries = document.paths['/api/stores/{id}/entries'];
    expect(Object.keys(entries.get.responses[200].content)).toEqual(['application/json', 'application/x-ndjson']);
    expect(entries.post.responses[200].content['application/json'].schema.required).toEqual(['results', 'latestSeq']);
    expect(document.paths['/api/stores/{id}/entries/pull'].post.responses[200].content['application/json'].schema.required).toEqual([
      'entries',
      'latestSeq',
      'hasMore',
    ]);
    expect(JSON.stringify(entries.get.responses[409])).toContain('STORE_KIND_MISMATCH');
    expect(JSON.stringify(entries.post.responses[413])).toContain('STORAGE_QUOTA_EXCEEDED');
  });

  describe('who may use which route', () => {
    it('another account’s log, an unknown id and a malformed id answer the same 404 STORE_NOT_FOUND on every route', async () => {
      const { storeId } = await fresh();
      const stranger = logsApi(t, await createVerifiedUser(t));
      for (const id of [storeId, randomUUID(), 'not-a-store-id']) {
        const answers = await Promise.all([
          stranger.append(id, [entryBody('x', 0)]),
          stranger.page(id),
          stranger.stream(id),
          stranger.pull(id, { syncStatus: {} }),
        ]);
        for (const a of answers) {
          expect(a.status).toBe(404);
          expect(jsonBody(a)).toMatchObject({ errorCode: 'STORE_NOT_FOUND', error: 'Store not found' });
        }
      }
      expect(await storedSeqs(storeId)).toEqual([]);
    });

    it('a READ member reads, streams and pulls, but appending → 403 PERMISSION_DENIED; a WRITE member appends', async () => {
      const { logs: owner, storeId } = await fresh();
      await owner.append(storeId, [entryBody('o', 0)]).expect(200);
      const reader = await createVerifiedUser(t);
      const writer = await createVerifiedUser(t);
      await addMember(t, storeId, reader.id, 'READ');
      await addMember(t, storeId, writer.id, 'WRITE');
      const asReader = logsApi(t, reader);

      expect((await asReader.page(storeId).expect(200)).body.latestSeq).toBe(1);
      expect(ndjsonValues((await asReader.stream(storeId).expect(200)).body as string)).toHaveLength(2);
      expect((await asReader.pull(storeId, { syncStatus: {} }).expect(200)).body.entries).toHaveLength(1);
      expect((await asReader.append(storeId, [entryBody('r', 0)]).expect(403)).body).toMatchObject({ errorCode: 'PERMISSION_DENIED' });
      expect(
        (
          await logsApi(t, writer)
            .append(storeId, [entryBody('w', 0)])
            .expect(200)
        ).body.latestSeq,
      ).toBe(2);
      expect(await storedSeqs(storeId)).toEqual([1, 2]);
    });

    it('a blob store’s id on an entries route → 409 STORE_KIND_MISMATCH', async () => {
      const user = await createVerifiedUser(t);
      const blobId = await createStore(t, user.id, 'blob');
      const logs = logsApi(t, user);
      for (const res of [
        await logs.append(blobId, [entryBody('x', 0)]),
        await logs.page(blobId),
        await logs.stream(blobId),
        await logs.pull(blobId, { syncStatus: {} }),
      ]) {
        expect(res.status).toBe(409);
        expect(jsonBody(res)).toMatchObject({ errorCode: 'STORE_KIND_MISMATCH' });
      }
      expect(await t.prisma.logEntry.count({ where: { storeId: blobId } })).toBe(0);
    });

    it('with syncEnabled false this account’s appends → 409 SYNC_DISABLED; other members are unaffected', async () => {
      const { logs: owner, storeId } = await fresh();
      const member = await createVerifiedUser(t);
      await addMember(t, storeId, member.id, 'WRITE', false);
      const asMember = logsApi(t, member);
      expect((await asMember.append(storeId, [entryBody('m', 0)]).expect(409)).body).toMatchObject({ errorCode: 'SYNC_DISABLED' });
      await owner.append(storeId, [entryBody('o', 0)]).expect(200);
      expect(await storedSeqs(storeId)).toEqual([1]);
    });
  });

  describe('bad input → 400 VALIDATION_FAILED, and nothing of the batch is stored', () => {
    const MiB = 1024 * 1024;
    const badEntries: [string, unknown][] = [
      ['no entries', []],
      ['501 entries', Array.from({ length: 501 }, (_, i) => entryBody('c', i))],
      ['entries not an array', { clientId: 'c' }],
      ['an entry that is not an object', ['x']],
      ['empty clientId', [entryBody('', 0)]],
      ['clientId of 65 characters', [entryBody('c'.repeat(65), 0)]],
      ['clientId with a NUL', [entryBody('a\u0000b', 0)]],
      ['clientId with a lone surrogate', [entryBody('a\ud800', 0)]],
      ['clientId a number', [{ ...entryBody('c', 0), clientId: 7 }]],
      ['clientId "__proto__" (the pipeline strips it from a pull’s vector)', [entryBody('__proto__', 0)]],
      ['clientId "constructor"', [entryBody('constructor', 0)]],
      ['clientIndex -1', [entryBody('c', -1)]],
      ['clientIndex 1.5', [entryBody('c', 1.5)]],
      ['clientIndex beyond int4', [entryBody('c', 2_147_483_648)]],
      ['clientIndex a string', [{ ...entryBody('c', 0), clientIndex: '1' }]],
      ['data missing', [{ clientId: 'c', clientIndex: 0 }]],
      ['data not base64', [entryBody('c', 0, { data: 'not base64!' })]],
      ['data over 1 MiB decoded', [entryBody('c', 0, { data: Buffer.alloc(MiB + 1).toString('base64') })]],
      ['nonce of 65 characters', [entryBody('c', 0, { nonce: 'n'.repeat(65) })]],
      ['nonce null', [{ ...entryBody('c', 0), nonce: null }]],
      ['clientTimestamp a number', [{ ...entryBody('c', 0), clientTimestamp: 1733241600000 }]],
      ['clientTimestamp with a NUL', [entryBody('c', 0, { clientTimestamp: '\u0000' })]],
      ['an unknown field', [{ ...entryBody('c', 0), seq: 1 }]],
    ];
    it.each(badEntries)('append with %s', async (_what, entries) => {
      const { logs, storeId } = await fresh();
      // A valid entry first: a refused batch stores none of its entries.
      const batch = Array.isArray(entries) && entries.length > 0 && entries.length <= 500 ? [entryBody('valid', 0), ...entries] : entries;
      const res = await logs.append(storeId, batch);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorCode: 'VALIDATION_FAILED' });
      expect(await storedSeqs(storeId)).toEqual([]);
    });

    it('an append body with an unknown top-level field, or none at all', async () => {
      const { logs, storeId } = await fresh();
      await logs.appendBody(storeId, { entries: [entryBody('c', 0)], storeId }).expect(400);
      await logs.appendBody(storeId, {}).expect(400);
      expect(await storedSeqs(storeId)).toEqual([]);
    });

    it.each([
      'after=-1',
      'after=1.5',
      'after=x',
      'after=2147483648',
      'after=1&after=2',
      'limit=0',
      'limit=1001',
      'limit=',
      'limit=1e2',
      'other=1',
    ])('GET entries?%s', async (query) => {
      const { logs, storeId } = await fresh();
      expect((await logs.pageWithQuery(storeId, query).expect(400)).body).toMatchObject({ errorCode: 'VALIDATION_FAILED' });
    });

    const badPulls: [string, unknown][] = [
      ['no syncStatus', {}],
      ['syncStatus an array', { syncStatus: [1] }],
      ['syncStatus null', { syncStatus: null }],
      ['syncStatus a string', { syncStatus: 'a:1' }],
      ['a negative clientIndex', { syncStatus: { a: -1 } }],
      ['a fractional clientIndex', { syncStatus: { a: 0.5 } }],
      ['a clientIndex beyond int4', { syncStatus: { a: 2_147_483_648 } }],
      ['a clientIndex as text', { syncStatus: { a: '3' } }],
      ['a clientId of 65 characters', { syncStatus: { ['c'.repeat(65)]: 1 } }],
      ['an empty clientId', { syncStatus: { '': 1 } }],
      ['a clientId with a NUL', { syncStatus: { 'a\u0000': 1 } }],
      ['1001 clients', { syncStatus: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`c${i}`, 0])) }],
      ['limit 0', { syncStatus: {}, limit: 0 }],
      ['limit 1001', { syncStatus: {}, limit: 1001 }],
      ['limit as text', { syncStatus: {}, limit: '5' }],
      ['an unknown field', { syncStatus: {}, after: 3 }],
    ];
    it.each(badPulls)('pull with %s', async (_what, body) => {
      const { logs, storeId } = await fresh();
      const res = await logs.pull(storeId, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errorCode: 'VALIDATION_FAILED' });
    });
  });
});

import { encryptedOp } from './factories/sync-op.factory';
import { createVerifiedUser } from './factories/user.factory';
import { syncApi } from './helpers/sync-api';
import { createTestApp, TestApp } from './helpers/test-app';
import { UNLIMITED } from './helpers/test-config';

type Result = { opId: string; accepted: boolean; serverSeq?: number; errorCode?: string };

/**
 * §4.1 across instances: eight clients of one user upload at the same time through two app instances
 * on one database. The per-user row lock must give a gap-free, duplicate-free sequence, and every
 * acknowledged op must be stored exactly once under the seq it was given.
 */
describe('concurrent uploads through two instances (protocol spec §4.1)', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await createTestApp({ env: UNLIMITED });
    second = await createTestApp({ db: first.db, env: UNLIMITED });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('8 clients end with seqs 1..N, no gap, no duplicate, every acknowledged op stored once', async () => {
    const user = await createVerifiedUser(first);
    const clients = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    const acknowledged = new Map<string, number>();
    const uploads = clients.map(async (clientId, index) => {
      const api = syncApi(index % 2 === 0 ? first : second, user);
      let cursor = 0;
      let pending = [encryptedOp(clientId), encryptedOp(clientId), encryptedOp(clientId)];
      for (let round = 0; round < 12; round++) {
        const res = await api.upload(clientId, pending, { lastKnownServerSeq: cursor, requestId: `ops-${clientId}-${round}` }).expect(200);
        const results: Result[] = res.body.results;
        for (const r of results) if (r.accepted) acknowledged.set(r.opId, r.serverSeq!);
        expect(results.every((r) => r.accepted || r.errorCode === 'INTERNAL_ERROR')).toBe(true);
        if (!res.body.hasMorePiggyback) cursor = Math.max(cursor, res.body.latestSeq);
        // A client keeps ops that failed transiently and adds new ones, as the app does.
        pending = [...pending.filter((op) => !acknowledged.has(op.id)), encryptedOp(clientId), encryptedOp(clientId)];
      }
    });
    const reader = (async () => {
      const api = syncApi(second, user);
      for (let i = 0; i < 20; i++) {
        const { body } = await api.download({ sinceSeq: 0, limit: 1000 }).expect(200);
        const seqs: number[] = body.ops.map((o: { serverSeq: number }) => o.serverSeq);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => k + 1));
        expect(seqs.length).toBe(body.latestSeq);
      }
    })();
    await Promise.all([...uploads, reader]);

    const stored = await first.prisma.operation.findMany({
      where: { userId: user.id },
      orderBy: { serverSeq: 'asc' },
      select: { id: true, serverSeq: true },
    });
    expect(stored.map((o) => o.serverSeq)).toEqual(Array.from({ length: stored.length }, (_, k) => k + 1));
    expect(stored.length).toBe(acknowledged.size);
    for (const op of stored) expect(acknowledged.get(op.id)).toBe(op.serverSeq);
    expect((await syncApi(first, user).status()).body.latestSeq).toBe(stored.length);
    expect(stored.length).toBeGreaterThanOrEqual(clients.length * 12 * 2);
  });
});

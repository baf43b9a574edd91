import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { encryptedOp, encryptedSnapshot } from './factories/sync-op.factory';
import { SyncApi, useSyncTestApp } from './helpers/sync-api';

type Downloaded = { serverSeq: number; op: { id: string; clientId: string } };

/**
 * A client that follows the protocol's client rules (§4.7, §4.8.1): it pages downloads with its own id
 * excluded, restarts once from 0 on a gap, advances its cursor as the piggyback contract says, and
 * retries fenced ops after applying what the fence delivered. It records every foreign op it is handed.
 */
class ModelClient {
  cursor = 0;
  readonly received = new Set<string>();
  readonly twice: string[] = [];
  gaps = 0;

  constructor(
    readonly id: string,
    private readonly api: SyncApi,
  ) {}

  /** Ops of others; a repeat counts against the protocol unless the client itself restarted from 0. */
  private take(ops: Downloaded[], restarted: boolean): void {
    for (const { op } of ops) {
      if (op.clientId === this.id) continue;
      if (this.received.has(op.id) && !restarted) this.twice.push(op.id);
      this.received.add(op.id);
    }
  }

  async download(): Promise<void> {
    let since = this.cursor;
    let restarted = false;
    for (;;) {
      const { body } = await this.api.download({ sinceSeq: since, limit: 3, excludeClient: this.id }).expect(200);
      if (body.gapDetected && !restarted) {
        this.gaps += 1;
        restarted = true;
        since = 0;
        continue;
      }
      this.take(body.ops, restarted);
      if (!body.hasMore) {
        this.cursor = body.latestSeq;
        return;
      }
      const next = body.ops.at(-1)?.serverSeq;
      if (next === undefined || next <= since) throw new Error('download cursor did not advance while hasMore');
      since = next;
    }
  }

  async upload(count: number, retryWithSameRequestId: boolean): Promise<void> {
    let pending = Array.from({ length: count }, () => encryptedOp(this.id));
    const requestId = `ops-${this.id}-${uuidv7()}`;
    for (let attempt = 0; attempt < 3 && pending.length > 0; attempt++) {
      const send = () =>
        this.api.upload(this.id, pending, { lastKnownServerSeq: this.cursor, requestId: `${requestId}-${attempt}` }).expect(200);
      let res = await send();
      // A lost response: the client sends the very same request again and must get the same answer.
      if (retryWithSameRequestId) res = await send();
      this.take(res.body.newOps ?? [], false);
      if (res.body.hasMorePiggyback) {
        this.cursor = Math.max(this.cursor, ...res.body.newOps.map((o: Downloaded) => o.serverSeq));
        await this.download();
      } else {
        this.cursor = Math.max(this.cursor, res.body.latestSeq);
      }
      const results: { opId: string; accepted: boolean; errorCode?: string }[] = res.body.results;
      if (results.some((r) => !r.accepted && r.errorCode !== 'INTERNAL_ERROR'))
        throw new Error(`unexpected rejection ${JSON.stringify(results)}`);
      pending = pending.filter((op) => !results.some((r) => r.opId === op.id && r.accepted));
    }
    if (pending.length > 0) throw new Error('ops still pending after the fence was applied');
  }

  async snapshot(kind: 'import' | 'cleanSlate'): Promise<void> {
    const body =
      kind === 'cleanSlate'
        ? encryptedSnapshot(this.id, { snapshotOpType: 'BACKUP_IMPORT', isCleanSlate: true })
        : encryptedSnapshot(this.id, { reason: 'recovery' });
    const res = await this.api.snapshot(body).expect(200);
    if (!res.body.accepted) throw new Error(`snapshot refused: ${JSON.stringify(res.body)}`);
  }
}

const command = fc.oneof(
  fc.record({ kind: fc.constant('upload' as const), client: fc.nat(2), count: fc.integer({ min: 1, max: 4 }), retry: fc.boolean() }),
  fc.record({ kind: fc.constant('download' as const), client: fc.nat(2) }),
  fc.record({ kind: fc.constant('snapshot' as const), client: fc.nat(2), cleanSlate: fc.boolean() }),
);

describe('protocol property: a client following the rules never misses an op or sees one twice', () => {
  const app = useSyncTestApp();

  it('holds for random interleavings of uploads, snapshots, clean slates and downloads of three clients', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 4, maxLength: 14 }), async (commands) => {
        const { user, api } = await app.fresh();
        const clients = ['A', 'B', 'C'].map((id) => new ModelClient(id, api));
        for (const step of commands) {
          const client = clients[step.client];
          if (step.kind === 'upload') await client.upload(step.count, step.retry);
          else if (step.kind === 'download') await client.download();
          else await client.snapshot(step.cleanSlate ? 'cleanSlate' : 'import');
        }
        for (const client of clients) await client.download();

        // Everything from the fast-forward target on is what a client must hold; older ops are superseded.
        const state = await app.t.prisma.userSyncState.findUnique({ where: { userId: user.id } });
        const from = state?.latestFullStateSeq ?? 0;
        const live = await app.t.prisma.operation.findMany({
          where: { userId: user.id, serverSeq: { gte: from } },
          select: { id: true, clientId: true },
        });
        for (const client of clients) {
          expect(client.twice).toEqual([]);
          expect(client.gaps).toBe(0);
          const missing = live.filter((op) => op.clientId !== client.id && !client.received.has(op.id));
          expect(missing).toEqual([]);
          expect(client.cursor).toBe(state?.lastSeq ?? 0);
        }
      }),
      { numRuns: 6 },
    );
  });
});

import { IncomingOp as WireOp } from '../../src/operations';

/** The two calls the Super Productivity client makes most, over real HTTP (keep-alive fetch). */
export class SyncHttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async upload(clientId: string, ops: WireOp[], requestId: string): Promise<number> {
    const res = await fetch(`${this.baseUrl}/api/sync/ops`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ops, clientId, requestId }),
    });
    if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { results: { accepted: boolean; errorCode?: string }[] };
    const rejected = body.results.filter((r) => !r.accepted);
    if (rejected.length > 0) throw new Error(`upload rejected ${rejected.length} ops (${rejected[0].errorCode})`);
    return body.results.length;
  }

  /** One page of `GET /api/sync/ops`; returns the row count and the last seq. */
  async page(sinceSeq: number, limit: number, excludeClient?: string): Promise<{ rows: number; lastSeq: number; hasMore: boolean }> {
    const query = `sinceSeq=${sinceSeq}&limit=${limit}${excludeClient ? `&excludeClient=${excludeClient}` : ''}`;
    const res = await fetch(`${this.baseUrl}/api/sync/ops?${query}`, { headers: { Authorization: `Bearer ${this.token}` } });
    if (res.status !== 200) throw new Error(`download answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { ops: { serverSeq: number }[]; hasMore: boolean };
    return { rows: body.ops.length, lastSeq: body.ops.at(-1)?.serverSeq ?? sinceSeq, hasMore: body.hasMore };
  }

  /** `GET /api/sync/restore/:serverSeq`: the state replayed up to that seq; returns the response size. */
  async restore(serverSeq: number): Promise<number> {
    const res = await fetch(`${this.baseUrl}/api/sync/restore/${serverSeq}`, { headers: { Authorization: `Bearer ${this.token}` } });
    if (res.status !== 200) throw new Error(`restore answered ${res.status}: ${await res.text()}`);
    return (await res.arrayBuffer()).byteLength;
  }
}

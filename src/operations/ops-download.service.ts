import { Injectable } from '@nestjs/common';
import { SyncDevicesService } from '../devices';
import { SyncMetrics } from '../metrics';
import { StoredOp } from './domain/op-record';
import { PIGGYBACK_LIMIT } from './domain/protocol-limits';
import { pruneClock, VectorClock } from './domain/vector-clock';
import { DownloadOpsResponse, ServerOperation, toServerOperation } from './operations.responses';
import { OperationsRepository } from './persistence/operations.repository';
import { StateRow, SyncStateRepository, toState } from './persistence/sync-state.repository';

export interface DownloadQuery {
  sinceSeq: number;
  limit: number;
  excludeClient?: string;
}

interface LogRead {
  ops: StoredOp[];
  hasMore: boolean;
  latestSeq: number;
  gapDetected: boolean;
  /** Only when the read fast-forwarded to the latest causal full-state op. */
  snapshotVectorClock?: VectorClock;
}

export interface Piggyback {
  newOps: ServerOperation[];
  latestSeq: number;
  hasMorePiggyback: boolean;
}

/** The download algorithm (protocol spec §4.8) and the piggyback read of uploads (§4.7). */
@Injectable()
export class OpsDownloadService {
  constructor(
    private readonly ops: OperationsRepository,
    private readonly state: SyncStateRepository,
    private readonly devices: SyncDevicesService,
    private readonly metrics: SyncMetrics,
  ) {}

  async download(userId: number, query: DownloadQuery): Promise<DownloadOpsResponse> {
    const read = await this.read(userId, query, { withSnapshotClock: true });
    if (query.excludeClient !== undefined) this.devices.touchOnDownload(userId, query.excludeClient);
    this.metrics.opsSent(read.ops.length, 'download');
    return {
      ops: read.ops.map(toServerOperation),
      hasMore: read.hasMore,
      latestSeq: read.latestSeq,
      ...(read.gapDetected ? { gapDetected: true as const } : {}),
      ...(read.snapshotVectorClock ? { snapshotVectorClock: read.snapshotVectorClock } : {}),
      serverTime: Date.now(),
      capabilities: { causalRepairSnapshots: true },
    };
  }

  /** §4.7: ops after the uploader's cursor (fast-forwarded, no snapshot clock, no gap report), at most 500. */
  async piggyback(userId: number, sinceSeq: number, excludeClient: string | undefined): Promise<Piggyback> {
    const read = await this.read(userId, { sinceSeq, limit: PIGGYBACK_LIMIT, excludeClient }, { withSnapshotClock: false });
    this.metrics.opsSent(read.ops.length, 'piggyback');
    const last = read.ops.at(-1);
    const full = read.ops.length === PIGGYBACK_LIMIT && last !== undefined && last.serverSeq < read.latestSeq;
    return {
      newOps: read.ops.map(toServerOperation),
      latestSeq: read.latestSeq,
      // The spec's rule, plus a page cut short by its byte budget: the client must then download the rest.
      hasMorePiggyback: full || read.hasMore,
    };
  }

  async latestSeq(userId: number): Promise<number> {
    return (await this.state.find(userId))?.lastSeq ?? 0;
  }

  /** One statement: its snapshot is consistent across lastSeq, markers, the page and the lowest seq (§4.1 guarantee 3). */
  private async read(
    userId: number,
    { sinceSeq, limit, excludeClient }: DownloadQuery,
    options: { withSnapshotClock: boolean },
  ): Promise<LogRead> {
    const read = await this.ops.pageWithState<StateRow>({ userId, excludeClient, limit }, this.state.readFrom(userId, sinceSeq));
    const state = read && toState(read.state);
    const latestSeq = state?.lastSeq ?? 0;
    if (!read || !state || latestSeq === 0) return { ops: [], hasMore: false, latestSeq: 0, gapDetected: sinceSeq > 0 };

    // Fast-forward (§4.8 step 2, applied by readFrom): nothing before the latest causal full-state op is needed to rebuild the state.
    const marker = state.marker;
    const fastForward = marker !== null && sinceSeq < marker.seq;
    const effectiveSince = fastForward ? marker.seq - 1 : sinceSeq;
    const { ops, more } = read;
    const minSeq = sinceSeq > 0 ? read.minSeq : null;
    const gapDetected =
      sinceSeq > latestSeq ||
      (minSeq !== null && effectiveSince < minSeq - 1) ||
      (sinceSeq > 0 && excludeClient === undefined && ops.length > 0 && ops[0].serverSeq > effectiveSince + 1);
    const snapshotVectorClock =
      options.withSnapshotClock && fastForward ? pruneClock(marker.clock, [excludeClient, marker.clientId]) : undefined;
    return { ops, hasMore: more, latestSeq, gapDetected, snapshotVectorClock };
  }
}

import { Injectable } from '@nestjs/common';
import { Db } from '../database';
import { isCausalFullState } from './domain/op-kinds';
import { StoredOp } from './domain/op-record';
import { FullStateOpSummary, FullStateQuery, OperationsRepository } from './persistence/operations.repository';
import { SyncStateRepository } from './persistence/sync-state.repository';

/** What an operator sees of a user's log (recover-user --inspect). */
export interface OpLogSummary {
  lastSeq: number;
  retainedOps: number;
  /** Null when no op is retained. */
  lowestRetainedSeq: number | null;
  opsByType: Record<string, number>;
  encryptedOps: number;
  /** Every kind, legacy REPAIRs included, oldest first. */
  fullStateOps: FullStateOpSummary[];
}

/** A requested range of the log is not all there (pruned, wiped, or never written). */
export class OpLogGap extends Error {}

const missing = (from: number, to: number) => (from === to ? `op ${from} is missing` : `ops ${from}..${to} are missing`);

/** Read access to a user's op log for other modules (snapshots: restore points, replay, imports; operator scripts). */
@Injectable()
export class OpHistoryService {
  constructor(
    private readonly ops: OperationsRepository,
    private readonly state: SyncStateRepository,
  ) {}

  async lastSeq(userId: number, db?: Db): Promise<number> {
    return (await this.state.find(userId, db))?.lastSeq ?? 0;
  }

  /** Stored op with this id, whoever owns it (op ids are global). */
  async findById(id: string, db?: Db): Promise<StoredOp | undefined> {
    return (await this.ops.findByIds([id], db)).get(id);
  }

  /** Newest full-state op of any kind, legacy REPAIRs included. */
  latestFullState(userId: number, db?: Db): Promise<FullStateOpSummary | null> {
    return this.ops.latestFullState(userId, db);
  }

  /** Causal full-state ops newest first, optionally only those at or below a seq. */
  causalFullStates(userId: number, query: FullStateQuery, db?: Db): Promise<FullStateOpSummary[]> {
    return this.ops.causalFullStatesNewestFirst(userId, query, db);
  }

  /** Ops in (afterSeq, toSeq], ascending: at most `limit`, fewer when the page's byte budget is reached. */
  async range(userId: number, afterSeq: number, toSeq: number, limit: number, db?: Db): Promise<StoredOp[]> {
    return (await this.ops.page({ userId, afterSeq, maxSeq: toSeq, limit }, db)).ops;
  }

  /**
   * Ops in (afterSeq, toSeq] page by page (at most `pageSize` each), every page checked before it is
   * yielded: each seq must be there, except that the range may begin later at a causal full-state op,
   * which replaces everything before it. Throws OpLogGap otherwise. Memory stays at one page.
   */
  async *contiguousPages(userId: number, afterSeq: number, toSeq: number, pageSize: number, db?: Db): AsyncGenerator<StoredOp[]> {
    let cursor = afterSeq;
    while (cursor < toSeq) {
      const page = await this.range(userId, cursor, toSeq, pageSize, db);
      if (page.length === 0) throw new OpLogGap(missing(cursor + 1, toSeq));
      for (const op of page) {
        if (op.serverSeq === cursor + 1 || (cursor === afterSeq && isCausalFullState(op))) {
          cursor = op.serverSeq;
        } else if (cursor === afterSeq) {
          throw new OpLogGap(
            `${missing(cursor + 1, op.serverSeq - 1)} and op ${op.serverSeq} (${op.opType}) is not a causal full-state op to start from`,
          );
        } else {
          throw new OpLogGap(`the log has a gap: ${missing(cursor + 1, op.serverSeq - 1)}`);
        }
      }
      yield page;
    }
  }

  /**
   * Counts for an operator. The figures come from separate reads: an upload committing meanwhile may
   * show in one and not another.
   */
  async summary(userId: number): Promise<OpLogSummary> {
    const [lastSeq, byType, fullStateOps] = await Promise.all([
      this.lastSeq(userId),
      this.ops.countByType(userId),
      this.ops.fullStatesOldestFirst(userId),
    ]);
    return {
      lastSeq,
      retainedOps: byType.reduce((sum, t) => sum + t.ops, 0),
      lowestRetainedSeq: byType.length > 0 ? Math.min(...byType.map((t) => t.minSeq)) : null,
      opsByType: Object.fromEntries(byType.map((t) => [t.opType, t.ops])),
      encryptedOps: byType.reduce((sum, t) => sum + t.encrypted, 0),
      fullStateOps,
    };
  }

  /** Ops stored for all users together (operator reports). */
  totalOps(): Promise<number> {
    return this.ops.countAll();
  }

  hasEncryptedIn(userId: number, afterSeq: number, toSeq: number, db?: Db): Promise<boolean> {
    return this.ops.hasEncryptedIn(userId, afterSeq, toSeq, db);
  }

  hasLegacyRepairIn(userId: number, afterSeq: number, toSeq: number, db?: Db): Promise<boolean> {
    return this.ops.hasLegacyRepairIn(userId, afterSeq, toSeq, db);
  }
}

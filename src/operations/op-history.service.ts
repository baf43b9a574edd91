import { Injectable } from '@nestjs/common';
import { Db } from '../database/prisma.service';
import { StoredOp } from './op-record';
import { FullStateOpSummary, OperationsRepository } from './operations.repository';
import { SyncStateRepository } from './sync-state.repository';

/** Read access to a user's op log for other modules (snapshots: restore points, replay, imports). */
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
  causalFullStates(userId: number, limit: number, atOrBelow?: number, db?: Db): Promise<FullStateOpSummary[]> {
    return this.ops.causalFullStatesNewestFirst(userId, limit, atOrBelow, db);
  }

  /** Ops in (afterSeq, toSeq], ascending: at most `limit`, fewer when the page's byte budget is reached. */
  async range(userId: number, afterSeq: number, toSeq: number, limit: number, db?: Db): Promise<StoredOp[]> {
    return (await this.ops.page({ userId, afterSeq, maxSeq: toSeq, limit }, db)).ops;
  }

  hasEncryptedIn(userId: number, afterSeq: number, toSeq: number, db?: Db): Promise<boolean> {
    return this.ops.hasEncryptedIn(userId, afterSeq, toSeq, db);
  }

  hasLegacyRepairIn(userId: number, afterSeq: number, toSeq: number, db?: Db): Promise<boolean> {
    return this.ops.hasLegacyRepairIn(userId, afterSeq, toSeq, db);
  }
}

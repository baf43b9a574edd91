import { Injectable } from '@nestjs/common';
import { ApiError } from '../common';
import { Db, PrismaService } from '../database';
import { Prisma } from '../generated/prisma/client';
import { isCausalFullState, MAX_REPLAY_OPS, MAX_REPLAY_STATE_BYTES, OpHistoryService, OpLogGap } from '../operations';
import { SnapshotsError } from './snapshots.errors';
import { RestorePoint, RestoreResponse, toRestorePoint } from './snapshots.responses';
import { ReplayedState, StateReplay, UnreplayableOp } from './state-replay';

/** Ops read per query during a replay: memory stays bounded by one page plus the state. */
const REPLAY_PAGE = 1000;
const REPLAY_READ = { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, maxWait: 60_000, timeout: 60_000 } as const;

/** Restore points and server-side state reconstruction (protocol spec §3.6, §3.7, §4.11). */
@Injectable()
export class RestoreService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly history: OpHistoryService,
  ) {}

  /** The user's latest `limit` causal full-state ops, newest first. */
  async restorePoints(userId: number, limit: number): Promise<{ restorePoints: RestorePoint[] }> {
    return { restorePoints: (await this.history.causalFullStates(userId, { limit })).map(toRestorePoint) };
  }

  /**
   * Replays the plaintext state as of `target`, starting at the latest causal full-state op at or below
   * it (which replaces everything before, so older, possibly purged, history is not needed).
   */
  async restore(userId: number, target: number): Promise<RestoreResponse> {
    const state = await this.prisma.$transaction(async (tx) => {
      const latest = await this.history.lastSeq(userId, tx);
      if (target > latest) throw new ApiError(SnapshotsError.TargetBeyondLatest(target, latest));
      const [base] = await this.history.causalFullStates(userId, { limit: 1, atOrBelow: target }, tx);
      const afterSeq = base ? base.serverSeq - 1 : 0;
      if (target - afterSeq > MAX_REPLAY_OPS) throw new ApiError(SnapshotsError.ReplayTooLong(MAX_REPLAY_OPS));
      if (await this.history.hasEncryptedIn(userId, afterSeq, target, tx)) throw new ApiError(SnapshotsError.EncryptedOpsNotSupported);
      if (await this.history.hasLegacyRepairIn(userId, afterSeq, target, tx)) throw new ApiError(SnapshotsError.LegacyRepairInRange);
      return this.replay(userId, afterSeq, target, tx);
    }, REPLAY_READ);
    return { state, serverSeq: target, generatedAt: Date.now() };
  }

  /** Applies (afterSeq, target] page by page; every seq must be there (the first may be a later full-state op). */
  private async replay(userId: number, afterSeq: number, target: number, tx: Db): Promise<ReplayedState> {
    const replay = new StateReplay();
    let appliedBytes = 0;
    try {
      for await (const page of this.history.contiguousPages(userId, afterSeq, target, REPLAY_PAGE, tx)) {
        for (const op of page) {
          try {
            replay.apply(op);
          } catch (error) {
            if (error instanceof UnreplayableOp) throw new ApiError(SnapshotsError.UnreplayableFullState(error.message));
            throw error;
          }
          // Stored bytes bound the state from above: measure exactly only when they could exceed the cap.
          appliedBytes = isCausalFullState(op) ? op.storedBytes : appliedBytes + op.storedBytes;
          if (appliedBytes > MAX_REPLAY_STATE_BYTES && Buffer.byteLength(JSON.stringify(replay.result())) > MAX_REPLAY_STATE_BYTES) {
            throw new ApiError(SnapshotsError.StateTooLarge);
          }
        }
      }
    } catch (error) {
      if (error instanceof OpLogGap) throw new ApiError(SnapshotsError.ReplayIncomplete(error.message));
      throw error;
    }
    return replay.result();
  }
}

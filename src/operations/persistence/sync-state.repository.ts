import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { Prisma } from '../../generated/prisma/client';
import { VectorClock } from '../domain/vector-clock';

/** A user's row in user_sync_state (protocol spec §2.6). */
export interface SyncState {
  userId: number;
  lastSeq: number;
  /** The latest causal full-state op (§4.8.3): the fast-forward target. */
  marker: FullStateMarker | null;
  /** Seq of the newest accepted SYNC_IMPORT / BACKUP_IMPORT, 0 if none (§4.9.2). */
  latestStateReplacementSeq: number;
  uploadLimitEpoch: number;
}

/** What an accepted batch (or an import) moves in the user's row. */
export interface StateAdvance {
  lastSeq: number;
  marker?: FullStateMarker;
  latestStateReplacementSeq?: number;
}

export interface FullStateMarker {
  seq: number;
  clientId: string;
  /** Per-client max over every op before it, merged with its own unpruned clock. */
  clock: VectorClock;
}

/** A user_sync_state row; `to_jsonb` of it has the same shape (its columns are ints, text and jsonb). */
export interface StateRow {
  user_id: number;
  last_seq: number;
  latest_full_state_seq: number | null;
  latest_full_state_client_id: string | null;
  latest_full_state_clock: VectorClock | null;
  latest_state_replacement_seq: number;
  upload_limit_epoch: number;
}

export function toState(row: StateRow): SyncState {
  return {
    userId: row.user_id,
    lastSeq: row.last_seq,
    marker:
      row.latest_full_state_seq !== null
        ? { seq: row.latest_full_state_seq, clientId: row.latest_full_state_client_id ?? '', clock: row.latest_full_state_clock ?? {} }
        : null,
    latestStateReplacementSeq: row.latest_state_replacement_seq,
    uploadLimitEpoch: row.upload_limit_epoch,
  };
}

/** The only file that touches user_sync_state. */
@Injectable()
export class SyncStateRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Creates the row if needed and locks it until the transaction ends: the per-user critical section
   * of every upload and wipe. Concurrent writers of one user queue here, on every instance, and see
   * each other's committed ops once they hold it (READ COMMITTED).
   */
  async lock(userId: number, db: Db): Promise<SyncState> {
    const [row] = await db.$queryRaw<StateRow[]>`
      INSERT INTO user_sync_state (user_id) VALUES (${userId})
      ON CONFLICT (user_id) DO UPDATE SET last_seq = user_sync_state.last_seq
      RETURNING *`;
    return toState(row);
  }

  /**
   * The user's row for a read that spans both tables in ONE statement (its snapshot is consistent
   * without a transaction): columns `row` (the whole row as JSON, see toState) and `after_seq` — `sinceSeq`, fast-forwarded to just before the latest causal full-state op when the
   * cursor lies before it (§4.8 step 2). No row when the user has none.
   */
  readFrom(userId: number, sinceSeq: number): Prisma.Sql {
    return Prisma.sql`
      SELECT to_jsonb(s) AS row,
             CASE WHEN s.latest_full_state_seq IS NOT NULL AND ${sinceSeq}::bigint < s.latest_full_state_seq
                  THEN s.latest_full_state_seq - 1 ELSE ${sinceSeq}::bigint END AS after_seq
        FROM user_sync_state s WHERE s.user_id = ${userId}`;
  }

  async find(userId: number, db: Db = this.prisma): Promise<SyncState | null> {
    const [row] = await db.$queryRaw<StateRow[]>`SELECT * FROM user_sync_state WHERE user_id = ${userId}`;
    return row ? toState(row) : null;
  }

  /** After an accepted batch: the new lastSeq, and the markers when the batch moved them. */
  async advance(userId: number, change: StateAdvance, db: Db): Promise<void> {
    await db.$executeRaw(this.advanceStatement(userId, change));
  }

  /** advance's UPDATE, for a caller that runs it inside its own statement (the batch insert: one round trip). */
  advanceStatement(userId: number, change: StateAdvance): Prisma.Sql {
    const marker = change.marker
      ? Prisma.sql`, latest_full_state_seq = ${change.marker.seq}, latest_full_state_client_id = ${change.marker.clientId},
                     latest_full_state_clock = ${JSON.stringify(change.marker.clock)}::jsonb`
      : Prisma.empty;
    const replacement =
      change.latestStateReplacementSeq !== undefined
        ? Prisma.sql`, latest_state_replacement_seq = ${change.latestStateReplacementSeq}`
        : Prisma.empty;
    return Prisma.sql`UPDATE user_sync_state SET last_seq = ${change.lastSeq} ${marker} ${replacement} WHERE user_id = ${userId}`;
  }

  /**
   * Forgets the markers and bumps the rate-limit epoch (which starts a fresh per-user upload counter).
   * With `resetSeq` (DELETE /api/sync/data) lastSeq returns to 0; a clean slate keeps it (§4.9.3).
   */
  async clear(userId: number, options: { resetSeq: boolean }, db: Db): Promise<void> {
    const seq = options.resetSeq ? Prisma.sql`last_seq = 0,` : Prisma.empty;
    await db.$executeRaw`
      UPDATE user_sync_state SET ${seq} latest_full_state_seq = NULL, latest_full_state_client_id = NULL, latest_full_state_clock = NULL,
             latest_state_replacement_seq = 0, upload_limit_epoch = upload_limit_epoch + 1
       WHERE user_id = ${userId}`;
  }

  /** Users whose sequence has started (a wipe returns it to 0), in id order. */
  async usersWithHistory(): Promise<number[]> {
    const rows = await this.prisma.$queryRaw<
      { user_id: number }[]
    >`SELECT user_id FROM user_sync_state WHERE last_seq > 0 ORDER BY user_id`;
    return rows.map((r) => r.user_id);
  }

  /**
   * Users whose log has ops below their latest causal full-state op (> 1): the retention job's
   * candidates (§4.13), in user id order from `afterUserId`.
   */
  async withPrunableHistory(afterUserId: number, limit: number): Promise<{ userId: number; boundarySeq: number }[]> {
    const rows = await this.prisma.$queryRaw<{ user_id: number; seq: number }[]>`
      SELECT s.user_id, s.latest_full_state_seq AS seq FROM user_sync_state s
       WHERE s.user_id > ${afterUserId} AND s.latest_full_state_seq > 1
         AND EXISTS (SELECT 1 FROM operations o WHERE o.user_id = s.user_id AND o.server_seq < s.latest_full_state_seq)
       ORDER BY s.user_id LIMIT ${limit}`;
    return rows.map((r) => ({ userId: r.user_id, boundarySeq: r.seq }));
  }
}

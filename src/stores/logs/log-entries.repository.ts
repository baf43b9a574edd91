/*
 * The log side of the stores module's tables (opsync-api.md §4): the only file that touches
 * `log_entries`, and the log columns of `stores` (latest_seq, and stored_bytes / updated_at as entries
 * arrive).
 *
 * log_entries — one row per stored entry, immutable
 *   PK (store_id, seq)                               seq gap-free per log from 1: every read is a range scan of it
 *   UNIQUE (store_id, client_id, client_index)       idempotent appends: a re-sent entry is found by it
 *   data text (client base64, verbatim); nonce, client_timestamp text NULL; created_at timestamptz
 *
 * stores.latest_seq is the log's counter: an append locks the store row, so appends of one log queue
 * there on every instance, and each sees the entries committed before it (READ COMMITTED).
 */
import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { Prisma } from '../../generated/prisma/client';
import { entryKey, SequencedEntry } from './append-plan';

interface EntryRow {
  seq: number;
  client_id: string;
  client_index: number;
  data: string;
  nonce: string | null;
  client_timestamp: string | null;
  created_at: Date;
}

/** A stored entry as the routes return it. */
export interface LogEntry {
  seq: number;
  clientId: string;
  clientIndex: number;
  data: string;
  nonce: string | null;
  clientTimestamp: string | null;
  /** Epoch ms. */
  createdAt: number;
}

/** A client's highest known clientIndex (pull's `syncStatus`). */
export interface KnownClient {
  clientId: string;
  clientIndex: number;
}

export interface EntryPageQuery {
  storeId: string;
  /** Exclusive lower bound. */
  afterSeq: number;
  /** Inclusive upper bound: the latest seq read before the page, so entries and latestSeq agree. */
  maxSeq: number;
  limit: number;
  /** Pull: leave out the entries these clients already hold. */
  known?: readonly KnownClient[];
  /** Data bytes the page may carry (a larger single entry still goes out alone); PAGE_BYTE_BUDGET unless given. */
  byteBudget?: number;
}

export interface EntryPage {
  entries: LogEntry[];
  /** More matching entries up to maxSeq follow (beyond the limit or the byte budget). */
  more: boolean;
}

/** Data bytes one page of a JSON answer may carry, so its memory is bounded however large the entries. */
const PAGE_BYTE_BUDGET = 8 * 1024 * 1024;

function toEntry(row: EntryRow): LogEntry {
  return {
    seq: row.seq,
    clientId: row.client_id,
    clientIndex: row.client_index,
    data: row.data,
    nonce: row.nonce,
    clientTimestamp: row.client_timestamp,
    createdAt: row.created_at.getTime(),
  };
}

@Injectable()
export class LogEntriesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Locks a log store's row until the transaction ends and returns its latest seq (null: no such log). */
  async lock(storeId: string, db: Db): Promise<number | null> {
    const [row] = await db.$queryRaw<{ latest_seq: number }[]>`
      SELECT latest_seq FROM stores WHERE id = ${storeId} AND kind = 'log' FOR UPDATE`;
    return row ? row.latest_seq : null;
  }

  async latestSeq(storeId: string, db: Db = this.prisma): Promise<number> {
    const [row] = await db.$queryRaw<{ latest_seq: number }[]>`SELECT latest_seq FROM stores WHERE id = ${storeId}`;
    return row?.latest_seq ?? 0;
  }

  /** The seqs of the stored entries among these keys (entryKey → seq), one probe of the unique index each. */
  async seqsOf(storeId: string, keys: readonly KnownClient[], db: Db): Promise<Map<string, number>> {
    const rows = await db.$queryRaw<{ client_id: string; client_index: number; seq: number }[]>`
      SELECT e.client_id, e.client_index, e.seq
        FROM unnest(${keys.map((k) => k.clientId)}::text[], ${keys.map((k) => k.clientIndex)}::int[]) AS k(client_id, client_index)
        JOIN log_entries e ON e.store_id = ${storeId} AND e.client_id = k.client_id AND e.client_index = k.client_index`;
    return new Map(rows.map((r) => [entryKey(r.client_id, r.client_index), r.seq]));
  }

  /**
   * Stores a planned batch in ONE statement (a multi-row insert from arrays, no per-entry round trips)
   * and moves the log's counter to `latestSeq`, its size by `addedBytes`. Run under `lock`.
   */
  async append(storeId: string, entries: readonly SequencedEntry[], latestSeq: number, addedBytes: number, db: Db): Promise<void> {
    await db.$executeRaw`
      WITH inserted AS (
        INSERT INTO log_entries (store_id, seq, client_id, client_index, data, nonce, client_timestamp)
        SELECT ${storeId}, * FROM unnest(${entries.map((e) => e.seq)}::int[], ${entries.map((e) => e.clientId)}::text[],
                                         ${entries.map((e) => e.clientIndex)}::int[], ${entries.map((e) => e.data)}::text[],
                                         ${entries.map((e) => e.nonce ?? null)}::text[], ${entries.map((e) => e.clientTimestamp ?? null)}::text[])
        RETURNING 1)
      UPDATE stores SET latest_seq = ${latestSeq}, stored_bytes = stored_bytes + ${addedBytes}, updated_at = now()
       WHERE id = ${storeId}`;
  }

  /**
   * One page in seq order: a range scan of the primary key reads the seqs and sizes of at most
   * limit + 1 candidates (a pull's vector filters them on the way), then full rows only of those
   * within the byte budget. A page costs the same in a log of a million entries as in one of ten.
   */
  async page(q: EntryPageQuery, db: Db = this.prisma): Promise<EntryPage> {
    const known = q.known ?? [];
    const vector =
      known.length > 0
        ? Prisma.sql`LEFT JOIN unnest(${known.map((k) => k.clientId)}::text[], ${known.map((k) => k.clientIndex)}::int[]) AS v(client_id, known)
                        ON v.client_id = e.client_id`
        : Prisma.empty;
    const uncovered = known.length > 0 ? Prisma.sql`AND (v.known IS NULL OR e.client_index > v.known)` : Prisma.empty;
    const rows = await db.$queryRaw<(EntryRow & { candidate_count: number })[]>`
      WITH candidates AS (
             SELECT e.seq, octet_length(e.data) AS bytes FROM log_entries e ${vector}
              WHERE e.store_id = ${q.storeId} AND e.seq > ${q.afterSeq} AND e.seq <= ${q.maxSeq} ${uncovered}
              ORDER BY e.seq LIMIT ${q.limit + 1}),
           ranked AS (
             SELECT seq, row_number() OVER w AS n, sum(bytes) OVER w - bytes AS bytes_before
               FROM candidates WINDOW w AS (ORDER BY seq))
      SELECT seq, client_id, client_index, data, nonce, client_timestamp, created_at, (SELECT count(*) FROM candidates)::int AS candidate_count
        FROM log_entries
       WHERE store_id = ${q.storeId} AND seq IN (SELECT seq FROM ranked WHERE n <= ${q.limit} AND bytes_before < ${q.byteBudget ?? PAGE_BYTE_BUDGET})
       ORDER BY seq`;
    return { entries: rows.map(toEntry), more: rows.length > 0 && rows[0].candidate_count > rows.length };
  }
}

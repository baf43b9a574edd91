/*
 * The op log: the only file that touches the tables `operations` and `operation_entities`.
 *
 * operations — one row per accepted op (protocol spec §2.4/§2.6)
 *   id text PK                      op id; globally unique across users (a foreign id is INVALID_OP_ID)
 *   user_id int FK users            every query is keyed by it (sharding by user stays possible)
 *   server_seq int                  per-user, gap-free; UNIQUE (user_id, server_seq) is THE access path:
 *                                   download pages, piggyback, replay, prefix deletes, min/max seq
 *   client_id, action_type, op_type, entity_type text; entity_id text NULL
 *   entity_ids text[] NULL          normalised (§2.4): NULL when the op touches only entity_id
 *   payload text                    JSON text of the payload as uploaded (a JSON string literal for
 *                                   ciphertext); never parsed by SQL, returned verbatim
 *   stored_bytes int                quota charge: UTF-8 bytes of payload JSON + stored clock JSON (§4.12)
 *   vector_clock jsonb              sanitized and pruned to ≤ 20 entries (§4.6)
 *   schema_version int; client_timestamp bigint (ms, clamped); received_at bigint (ms, per request)
 *   is_payload_encrypted bool; sync_import_reason text NULL; repair_base_server_seq int NULL
 *   partial index operations_full_state_idx (user_id, server_seq) WHERE op_type is a full-state type:
 *                                   restore points, SYNC_IMPORT_EXISTS, quota auto-cleanup, replay start
 *
 * operation_entities — (user_id, server_seq, entity_type, entity_id) for every entity an op touches
 *   ({entity_id} ∪ entity_ids, plus the GLOBAL_CONFIG misc→tasks alias). Index (user_id, entity_type,
 *   entity_id, server_seq DESC) makes "latest op per entity" (§4.5) one probe per entity. Rows live and
 *   die with their op: inserted in the same statement, deleted by the same prefix deletes.
 *
 * Deletes are always prefixes of a user's log (retention, auto-cleanup) or the whole log (clean slate,
 * DELETE /api/sync/data), which is what keeps the entity index and the fast-forward consistent.
 */
import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { Prisma } from '../../generated/prisma/client';
import { Baseline } from '../domain/op-batch';
import { StoredOp } from '../domain/op-record';
import { entityKey, touchedEntityIds } from '../domain/touched-entities';
import { VectorClock } from '../domain/vector-clock';

interface OpRow {
  id: string;
  user_id: number;
  server_seq: number;
  client_id: string;
  action_type: string;
  op_type: string;
  entity_type: string;
  entity_id: string | null;
  entity_ids: string[] | null;
  payload: string;
  stored_bytes: number;
  vector_clock: VectorClock;
  schema_version: number;
  client_timestamp: bigint;
  received_at: bigint;
  is_payload_encrypted: boolean;
  sync_import_reason: string | null;
  repair_base_server_seq: number | null;
}

const OP_COLUMNS = Prisma.sql`id, user_id, server_seq, client_id, action_type, op_type, entity_type, entity_id, entity_ids, payload,
  stored_bytes, vector_clock, schema_version, client_timestamp, received_at, is_payload_encrypted, sync_import_reason, repair_base_server_seq`;

/** Matches operations_full_state_idx, so these lookups read only the few full-state rows of the user. */
const FULL_STATE = Prisma.sql`op_type IN ('SYNC_IMPORT', 'BACKUP_IMPORT', 'REPAIR')`;
/** Causal full-state ops (§4.9.1): imports and REPAIRs that carry their base seq. */
const CAUSAL_FULL_STATE = Prisma.sql`${FULL_STATE} AND (op_type <> 'REPAIR' OR repair_base_server_seq IS NOT NULL)`;

export interface FullStateOpSummary {
  id: string;
  serverSeq: number;
  opType: string;
  clientId: string;
  timestamp: number;
}

/** Aggregates of a user's retained ops per op type (operator inspection). */
export interface OpTypeCount {
  opType: string;
  ops: number;
  encrypted: number;
  minSeq: number;
}

export interface DeletedOps {
  deletedOps: number;
  freedBytes: number;
}

/** The oldest part of a user's log; an absent bound does not limit it. */
export interface LogPrefix {
  throughSeq?: number;
  limit?: number;
}

/** The newest causal full-state ops to read: at most `limit`, only those at or below `atOrBelow` when given. */
export interface FullStateQuery {
  limit: number;
  atOrBelow?: number;
}

/** Stored bytes one page may carry (a single larger op still goes out alone). */
const PAGE_BYTE_BUDGET = 32 * 1024 * 1024;

export interface OpPage {
  ops: StoredOp[];
  /** More matching ops follow (beyond the limit or the byte budget). */
  more: boolean;
}

export interface OpPageQuery {
  userId: number;
  /** Exclusive lower bound. */
  afterSeq: number;
  /** Inclusive upper bound: the lastSeq of the same consistent read. */
  maxSeq: number;
  excludeClient?: string;
  /** Most ops returned. */
  limit: number;
}

/** A page whose bounds come from the user's state row. */
export type StatePageQuery = Omit<OpPageQuery, 'afterSeq' | 'maxSeq'>;

export interface StatePage<S> extends OpPage {
  /** The state row the page was read against. */
  state: S;
  /** Lowest retained seq of the user, null when the log is empty. */
  minSeq: number | null;
}

interface PageBounds {
  /** Exclusive lower bound (an SQL expression). */
  after: Prisma.Sql;
  /**
   * Inclusive upper bound (an SQL expression). Absent in a statement that also reads the user's
   * lastSeq: one snapshot never shows an op above it (ops and lastSeq commit together), and a bound the
   * planner cannot see would make it estimate a short range and sort the whole rest of the log.
   */
  max?: Prisma.Sql;
}

const excluding = (excludeClient: string | undefined) =>
  excludeClient !== undefined ? Prisma.sql`AND client_id <> ${excludeClient}` : Prisma.empty;

/**
 * CTEs `candidates` (seqs and sizes of at most limit + 1 matching ops, one range scan on (user_id,
 * server_seq)) and `page_seqs` (the prefix of them that fits the limit and the byte budget, always at
 * least one). The running sum covers only those candidates, so a page costs the same for a user with a
 * million ops as with ten thousand, and its memory is bounded by the budget whatever the quota.
 */
function pageCtes(q: StatePageQuery, { after, max }: PageBounds): Prisma.Sql {
  return Prisma.sql`
    candidates AS (
      SELECT server_seq, stored_bytes FROM operations
       WHERE user_id = ${q.userId} AND server_seq > ${after} ${max ? Prisma.sql`AND server_seq <= ${max}` : Prisma.empty}
             ${excluding(q.excludeClient)}
       ORDER BY server_seq LIMIT ${q.limit + 1}),
    page_seqs AS (
      SELECT server_seq FROM (
        SELECT server_seq, row_number() OVER w AS n, sum(stored_bytes) OVER w - stored_bytes AS bytes_before
          FROM candidates WINDOW w AS (ORDER BY server_seq)) ranked
       WHERE n <= ${q.limit} AND bytes_before < ${PAGE_BYTE_BUDGET})`;
}

/**
 * The page's full rows: page_seqs is a prefix of the matching ops, so they are the matching ops up
 * to its last seq — a second range scan, cheaper than one index probe per seq.
 */
function pageRows(q: StatePageQuery, { after }: PageBounds): Prisma.Sql {
  return Prisma.sql`user_id = ${q.userId} AND server_seq > ${after} AND server_seq <= (SELECT max(server_seq) FROM page_seqs)
    ${excluding(q.excludeClient)}`;
}

function toStoredOp(row: OpRow): StoredOp {
  return {
    id: row.id,
    userId: row.user_id,
    serverSeq: row.server_seq,
    clientId: row.client_id,
    actionType: row.action_type,
    opType: row.op_type,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityIds: row.entity_ids,
    payloadText: row.payload,
    storedBytes: row.stored_bytes,
    vectorClock: row.vector_clock,
    schemaVersion: row.schema_version,
    timestamp: Number(row.client_timestamp),
    receivedAt: Number(row.received_at),
    isPayloadEncrypted: row.is_payload_encrypted,
    syncImportReason: row.sync_import_reason,
    repairBaseServerSeq: row.repair_base_server_seq,
  };
}

@Injectable()
export class OperationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Stored ops with these ids, whoever owns them (op ids are global, §2.1). */
  async findByIds(ids: string[], db: Db = this.prisma): Promise<Map<string, StoredOp>> {
    if (ids.length === 0) return new Map();
    const rows = await db.$queryRaw<OpRow[]>`SELECT ${OP_COLUMNS} FROM operations WHERE id = ANY(${ids}::text[])`;
    return new Map(rows.map((row) => [row.id, toStoredOp(row)]));
  }

  /** For each (entityType, entityId): the user's op with the highest seq touching it (§4.5 step 2). */
  async latestTouching(
    userId: number,
    entities: { entityType: string; entityId: string }[],
    db: Db = this.prisma,
  ): Promise<Map<string, Baseline>> {
    if (entities.length === 0) return new Map();
    const rows = await db.$queryRaw<
      { entity_type: string; entity_id: string; client_id: string; action_type: string; vector_clock: VectorClock }[]
    >`
      SELECT k.entity_type, k.entity_id, o.client_id, o.action_type, o.vector_clock
        FROM unnest(${entities.map((e) => e.entityType)}::text[], ${entities.map((e) => e.entityId)}::text[]) AS k(entity_type, entity_id)
        CROSS JOIN LATERAL (
          SELECT e.server_seq FROM operation_entities e
           WHERE e.user_id = ${userId} AND e.entity_type = k.entity_type AND e.entity_id = k.entity_id
           ORDER BY e.server_seq DESC LIMIT 1) latest
        JOIN operations o ON o.user_id = ${userId} AND o.server_seq = latest.server_seq`;
    return new Map(
      rows.map((r) => [
        entityKey(r.entity_type, r.entity_id),
        { clientId: r.client_id, actionType: r.action_type, vectorClock: r.vector_clock },
      ]),
    );
  }

  /**
   * Inserts a user's accepted batch and its entity rows in ONE statement (no per-op round trips).
   * `alongside`, a data-modifying statement of the same transaction (the sync state's advance), runs
   * in that statement too, saving its round trip.
   */
  async insert(userId: number, ops: StoredOp[], db: Db = this.prisma, alongside?: Prisma.Sql): Promise<void> {
    if (ops.length === 0) return;
    const values = ops.map(
      (
        op,
      ) => Prisma.sql`(${op.id}, ${userId}, ${op.serverSeq}, ${op.clientId}, ${op.actionType}, ${op.opType}, ${op.entityType}, ${op.entityId},
        ${op.entityIds}::text[], ${op.payloadText}, ${op.storedBytes}, ${JSON.stringify(op.vectorClock)}::jsonb, ${op.schemaVersion},
        ${op.timestamp}::bigint, ${op.receivedAt}::bigint, ${op.isPayloadEncrypted}, ${op.syncImportReason}, ${op.repairBaseServerSeq}::int)`,
    );
    const entities = ops.flatMap((op) =>
      touchedEntityIds(op).map((entityId) => ({ seq: op.serverSeq, entityType: op.entityType, entityId })),
    );
    await db.$executeRaw`
      WITH inserted AS (
        INSERT INTO operations (id, user_id, server_seq, client_id, action_type, op_type, entity_type, entity_id, entity_ids, payload,
                                stored_bytes, vector_clock, schema_version, client_timestamp, received_at, is_payload_encrypted,
                                sync_import_reason, repair_base_server_seq)
        VALUES ${Prisma.join(values)} RETURNING 1)
      ${alongside ? Prisma.sql`, alongside AS (${alongside})` : Prisma.empty}
      INSERT INTO operation_entities (user_id, server_seq, entity_type, entity_id)
      SELECT ${userId}, * FROM unnest(${entities.map((e) => e.seq)}::int[], ${entities.map((e) => e.entityType)}::text[], ${entities.map((e) => e.entityId)}::text[])`;
  }

  /** One page of ops (downloads' page query, for replay and export), and whether more matching ops follow it. */
  async page(q: OpPageQuery, db: Db = this.prisma): Promise<OpPage> {
    const bounds = { after: Prisma.sql`${q.afterSeq}::bigint`, max: Prisma.sql`${q.maxSeq}::bigint` };
    const rows = await db.$queryRaw<(OpRow & { candidate_count: number })[]>`
      WITH ${pageCtes(q, bounds)}
      SELECT ${OP_COLUMNS}, (SELECT count(*) FROM candidates)::int AS candidate_count FROM operations
       WHERE ${pageRows(q, bounds)} ORDER BY server_seq`;
    return { ops: rows.map(toStoredOp), more: rows.length > 0 && rows[0].candidate_count > rows.length };
  }

  /**
   * A download page read in ONE statement, whose snapshot makes the user's state, the page and the
   * lowest retained seq consistent with each other (§4.1 guarantee 3) without a transaction.
   * `state` is a statement with columns `row` and `after_seq` (SyncStateRepository.readFrom): the page
   * starts after after_seq. Null when the user has no state row.
   */
  async pageWithState<S>(q: StatePageQuery, state: Prisma.Sql): Promise<StatePage<S> | null> {
    const rows = await this.prisma.$queryRaw<(Partial<OpRow> & { state: S; min_seq: number | null; candidate_count: number })[]>(
      this.pageWithStateQuery(q, state),
    );
    if (rows.length === 0) return null;
    const ops = rows[0].id === null ? [] : (rows as OpRow[]).map(toStoredOp);
    return { state: rows[0].state, minSeq: rows[0].min_seq, ops, more: rows[0].candidate_count > ops.length };
  }

  /** The statement of pageWithState (its plan is tested: range scans on (user_id, server_seq) only). */
  pageWithStateQuery(q: StatePageQuery, state: Prisma.Sql): Prisma.Sql {
    const bounds = { after: Prisma.sql`(SELECT after_seq FROM state)` };
    return Prisma.sql`
      WITH state AS (${state}),
           ${pageCtes(q, bounds)},
           page AS (SELECT ${OP_COLUMNS} FROM operations WHERE ${pageRows(q, bounds)})
      SELECT s.row AS state, (SELECT min(server_seq) FROM operations WHERE user_id = ${q.userId}) AS min_seq,
             (SELECT count(*) FROM candidates)::int AS candidate_count, p.*
        FROM state s LEFT JOIN page p ON true ORDER BY p.server_seq`;
  }

  /** Retained ops per op type: count, encrypted count and lowest seq (one scan of the user's rows). */
  async countByType(userId: number, db: Db = this.prisma): Promise<OpTypeCount[]> {
    return db.$queryRaw<OpTypeCount[]>`
      SELECT op_type AS "opType", count(*)::int AS ops, (count(*) FILTER (WHERE is_payload_encrypted))::int AS encrypted, min(server_seq) AS "minSeq"
        FROM operations WHERE user_id = ${userId} GROUP BY op_type ORDER BY op_type`;
  }

  /** Ops stored for all users together. */
  async countAll(): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ ops: number }[]>`SELECT count(*)::float8 AS ops FROM operations`;
    return row.ops;
  }

  /** Exact storage use of the log (reconciliation, §4.12). */
  async sumStoredBytes(userId: number, db: Db = this.prisma): Promise<number> {
    const [row] = await db.$queryRaw<
      { bytes: number }[]
    >`SELECT coalesce(sum(stored_bytes), 0)::float8 AS bytes FROM operations WHERE user_id = ${userId}`;
    return row.bytes;
  }

  /** Per-client maximum over the stored clocks of the ops with fromSeq ≤ seq ≤ toSeq (§4.8.3). */
  async maxClock(userId: number, fromSeq: number, toSeq: number, db: Db = this.prisma): Promise<VectorClock> {
    if (toSeq < fromSeq) return {};
    const rows = await db.$queryRaw<{ id: string; counter: number }[]>`
      SELECT c.key AS id, max(c.value::bigint)::float8 AS counter
        FROM operations o, jsonb_each_text(o.vector_clock) c
       WHERE o.user_id = ${userId} AND o.server_seq >= ${fromSeq} AND o.server_seq <= ${toSeq}
       GROUP BY c.key`;
    return Object.fromEntries(rows.map((r) => [r.id, r.counter]));
  }

  /** The newest full-state op of any kind, legacy REPAIRs included (SYNC_IMPORT_EXISTS, §3.3 step 6). */
  async latestFullState(userId: number, db: Db = this.prisma): Promise<FullStateOpSummary | null> {
    const [row] = await db.$queryRaw<FullStateRow[]>`
      SELECT id, server_seq, op_type, client_id, client_timestamp FROM operations
       WHERE user_id = ${userId} AND ${FULL_STATE} ORDER BY server_seq DESC LIMIT 1`;
    return row ? toSummary(row) : null;
  }

  /** Causal full-state ops (restore points), newest first, optionally only those at or below a seq. */
  async causalFullStatesNewestFirst(
    userId: number,
    { limit, atOrBelow }: FullStateQuery,
    db: Db = this.prisma,
  ): Promise<FullStateOpSummary[]> {
    const bound = atOrBelow !== undefined ? Prisma.sql`AND server_seq <= ${atOrBelow}` : Prisma.empty;
    const rows = await db.$queryRaw<FullStateRow[]>`
      SELECT id, server_seq, op_type, client_id, client_timestamp FROM operations
       WHERE user_id = ${userId} AND ${CAUSAL_FULL_STATE} ${bound} ORDER BY server_seq DESC LIMIT ${limit}`;
    return rows.map(toSummary);
  }

  /** Every retained full-state op, legacy REPAIRs included, oldest first (operator inspection). */
  async fullStatesOldestFirst(userId: number, db: Db = this.prisma): Promise<FullStateOpSummary[]> {
    const rows = await db.$queryRaw<FullStateRow[]>`
      SELECT id, server_seq, op_type, client_id, client_timestamp FROM operations
       WHERE user_id = ${userId} AND ${FULL_STATE} ORDER BY server_seq ASC`;
    return rows.map(toSummary);
  }

  /** The oldest causal full-state ops (quota auto-cleanup deletes from the front). */
  async causalFullStatesOldestFirst(userId: number, limit: number, db: Db = this.prisma): Promise<FullStateOpSummary[]> {
    const rows = await db.$queryRaw<FullStateRow[]>`
      SELECT id, server_seq, op_type, client_id, client_timestamp FROM operations
       WHERE user_id = ${userId} AND ${CAUSAL_FULL_STATE} ORDER BY server_seq ASC LIMIT ${limit}`;
    return rows.map(toSummary);
  }

  /** Whether a REPAIR without base (legacy, not replayable) lies in (afterSeq, toSeq]. */
  async hasLegacyRepairIn(userId: number, afterSeq: number, toSeq: number, db: Db = this.prisma): Promise<boolean> {
    const [row] = await db.$queryRaw<{ found: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM operations WHERE user_id = ${userId} AND ${FULL_STATE} AND op_type = 'REPAIR'
                        AND repair_base_server_seq IS NULL AND server_seq > ${afterSeq} AND server_seq <= ${toSeq}) AS found`;
    return row.found;
  }

  /** Whether any op in (afterSeq, toSeq] is encrypted (the answer never reveals how many). */
  async hasEncryptedIn(userId: number, afterSeq: number, toSeq: number, db: Db = this.prisma): Promise<boolean> {
    const [row] = await db.$queryRaw<{ found: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM operations WHERE user_id = ${userId} AND server_seq > ${afterSeq} AND server_seq <= ${toSeq}
                        AND is_payload_encrypted) AS found`;
    return row.found;
  }

  /** Whether an op below `belowSeq` was received at or after `sinceMs` (retention: prune whole or not at all). */
  async receivedSinceBelow(userId: number, belowSeq: number, sinceMs: number, db: Db = this.prisma): Promise<boolean> {
    const [row] = await db.$queryRaw<{ found: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM operations WHERE user_id = ${userId} AND server_seq < ${belowSeq} AND received_at >= ${sinceMs}::bigint) AS found`;
    return row.found;
  }

  /**
   * Deletes a prefix of the user's log, oldest first, with the entity rows: the ops with seq ≤
   * `throughSeq`, at most `limit` of them (each bound absent: no bound, so `{}` deletes the whole log).
   * Returns what went and the bytes it freed.
   */
  async deletePrefix(userId: number, prefix: LogPrefix, db: Db = this.prisma): Promise<DeletedOps> {
    const bound = prefix.throughSeq !== undefined ? Prisma.sql`AND server_seq <= ${prefix.throughSeq}` : Prisma.empty;
    const cap = prefix.limit !== undefined ? Prisma.sql`LIMIT ${prefix.limit}` : Prisma.empty;
    const [row] = await db.$queryRaw<{ deleted: number; freed: number }[]>`
      WITH doomed AS (SELECT server_seq FROM operations WHERE user_id = ${userId} ${bound} ORDER BY server_seq ${cap}),
           gone_entities AS (DELETE FROM operation_entities e USING doomed d WHERE e.user_id = ${userId} AND e.server_seq = d.server_seq),
           gone AS (DELETE FROM operations o USING doomed d WHERE o.user_id = ${userId} AND o.server_seq = d.server_seq RETURNING o.stored_bytes)
      SELECT count(*)::int AS deleted, coalesce(sum(stored_bytes), 0)::float8 AS freed FROM gone`;
    return { deletedOps: row.deleted, freedBytes: row.freed };
  }
}

interface FullStateRow {
  id: string;
  server_seq: number;
  op_type: string;
  client_id: string;
  client_timestamp: bigint;
}

function toSummary(row: FullStateRow): FullStateOpSummary {
  return { id: row.id, serverSeq: row.server_seq, opType: row.op_type, clientId: row.client_id, timestamp: Number(row.client_timestamp) };
}

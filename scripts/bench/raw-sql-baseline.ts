import { Pool } from 'pg';
import { IncomingOp as WireOp } from '../../src/operations';

/**
 * The physical limit the HTTP path is compared with: the same work done with plain SQL over `pg`
 * on the same tables — lock the user's counter row, one multi-row INSERT of the ops and of their
 * entity index rows, advance the counter, commit; and the same keyset page read as downloads.
 */
export class RawSqlBaseline {
  constructor(private readonly pool: Pool) {}

  async upload(userId: number, ops: WireOp[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO user_sync_state (user_id) VALUES ($1) ON CONFLICT DO NOTHING', [userId]);
      const { rows } = await client.query<{ last_seq: number }>('SELECT last_seq FROM user_sync_state WHERE user_id = $1 FOR UPDATE', [
        userId,
      ]);
      const first = rows[0].last_seq + 1;
      const receivedAt = Date.now();
      const seqs = ops.map((_, i) => first + i);
      const clocks = ops.map((op) => JSON.stringify(op.vectorClock));
      const payloads = ops.map((op) => JSON.stringify(op.payload));
      await client.query(
        `INSERT INTO operations (id, user_id, server_seq, client_id, action_type, op_type, entity_type, entity_id, entity_ids,
                                 payload, stored_bytes, vector_clock, schema_version, client_timestamp, received_at, is_payload_encrypted)
         SELECT id, $1, seq, client_id, action_type, op_type, entity_type, entity_id, NULL, payload, length(payload) + length(clock),
                clock::jsonb, 4, ts, $2, true
           FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[])
             AS t(id, seq, client_id, action_type, op_type, entity_type, entity_id, payload, clock, ts)`,
        [
          userId,
          receivedAt,
          ops.map((o) => o.id),
          seqs,
          ops.map((o) => o.clientId),
          ops.map((o) => o.actionType),
          ops.map((o) => o.opType),
          ops.map((o) => o.entityType),
          ops.map((o) => o.entityId),
          payloads,
          clocks,
          ops.map((o) => o.timestamp),
        ],
      );
      await client.query(
        `INSERT INTO operation_entities (user_id, server_seq, entity_type, entity_id)
         SELECT $1, seq, entity_type, entity_id FROM unnest($2::int[], $3::text[], $4::text[]) AS t(seq, entity_type, entity_id)`,
        [userId, seqs, ops.map((o) => o.entityType), ops.map((o) => o.entityId)],
      );
      await client.query('UPDATE user_sync_state SET last_seq = $2 WHERE user_id = $1', [userId, first + ops.length - 1]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** One download page: the rows a client gets, as the server reads them. */
  async page(userId: number, sinceSeq: number, limit: number): Promise<number> {
    const { rows } = await this.pool.query(
      `SELECT id, server_seq, client_id, action_type, op_type, entity_type, entity_id, entity_ids, payload, vector_clock,
              schema_version, client_timestamp, received_at, is_payload_encrypted, sync_import_reason, repair_base_server_seq
         FROM operations WHERE user_id = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3`,
      [userId, sinceSeq, limit],
    );
    return rows.length;
  }

  /**
   * Fills a user's log with `count` ops in one statement (for the page-cost workloads): encrypted
   * ciphertext by default, or plaintext task updates (`{"title": …, "n": …}` on 1,000 tasks) that a
   * restore can replay.
   */
  async seed(userId: number, count: number, kind: 'encrypted' | 'plaintext' = 'encrypted'): Promise<void> {
    const payload =
      kind === 'encrypted'
        ? `to_json(replace(encode(decode(repeat(md5(n::text), 10), 'hex'), 'base64'), E'\\n', ''))::text`
        : `json_build_object('title', 'task ' || n || ' ' || repeat(md5(n::text), 4), 'n', n)::text`;
    await this.pool.query(
      `INSERT INTO operations (id, user_id, server_seq, client_id, action_type, op_type, entity_type, entity_id, entity_ids,
                               payload, stored_bytes, vector_clock, schema_version, client_timestamp, received_at, is_payload_encrypted)
       SELECT 'seed-' || $1::int || '-' || n, $1::int, n, 'B_seed', '[Task] Update Task', 'UPD', 'TASK', 'task-' || (n % 1000), NULL,
              ${payload}, 300, jsonb_build_object('B_seed', n), 4,
              (extract(epoch from now()) * 1000)::bigint, (extract(epoch from now()) * 1000)::bigint, $3::boolean
         FROM generate_series(1, $2::int) AS n`,
      [userId, count, kind === 'encrypted'],
    );
    await this.pool.query(
      `INSERT INTO user_sync_state (user_id, last_seq) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET last_seq = EXCLUDED.last_seq`,
      [userId, count],
    );
    await this.pool.query('ANALYZE operations');
  }
}

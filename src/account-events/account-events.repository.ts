import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../database';
import { AccountEventInput, AccountEventPage, AccountEventType, AccountEventView } from './account-event';

interface PageRow {
  latest_id: bigint | null;
  first_id: bigint | null;
  id: bigint | null;
  type: AccountEventType | null;
  store_id: string | null;
  key_id: string | null;
  device_id: string | null;
  version: number | null;
  latest_seq: bigint | null;
  at: bigint | null;
}

/** The one file that touches tables account_events and account_event_counters; every query is one account's. */
@Injectable()
export class AccountEventsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Appends one event with the account's next id, in one statement. Taking the counter row locks it
   * until the caller's transaction ends, so the account's ids commit in the order they were given.
   */
  async append(userId: number, event: AccountEventInput, originSessionId: string | null, at: number, db: Db): Promise<void> {
    await db.$executeRaw`
      WITH next AS (
        INSERT INTO account_event_counters (user_id, last_id) VALUES (${userId}, 1)
        ON CONFLICT (user_id) DO UPDATE SET last_id = account_event_counters.last_id + 1
        RETURNING last_id
      )
      INSERT INTO account_events (user_id, id, type, store_id, key_id, device_id, version, latest_seq, origin_session_id, at)
      SELECT ${userId}, last_id, ${event.type}, ${event.storeId ?? null}, ${event.keyId ?? null}, ${event.deviceId ?? null},
             ${event.version ?? null}::int, ${event.latestSeq ?? null}::bigint, ${originSessionId}, ${BigInt(at)}
        FROM next`;
  }

  /**
   * Up to `limit` + 1 events after `after` (the extra one tells hasMore), leaving out those of
   * `excludeSessionId`, with the newest id and the oldest kept id after `after`: one statement, so
   * one snapshot answers all three.
   */
  async page(userId: number, after: bigint, limit: number, excludeSessionId: string | null): Promise<AccountEventPage> {
    const rows = await this.prisma.$queryRaw<PageRow[]>`
      WITH meta AS (
        SELECT (SELECT last_id FROM account_event_counters WHERE user_id = ${userId}) AS latest_id,
               (SELECT min(id) FROM account_events WHERE user_id = ${userId} AND id > ${after}) AS first_id
      ), page AS (
        SELECT id, type, store_id, key_id, device_id, version, latest_seq, at
          FROM account_events
         WHERE user_id = ${userId} AND id > ${after} AND (${excludeSessionId}::text IS NULL OR origin_session_id IS DISTINCT FROM ${excludeSessionId})
         ORDER BY id
         LIMIT ${limit + 1}
      )
      SELECT meta.latest_id, meta.first_id, page.* FROM meta LEFT JOIN page ON true ORDER BY page.id`;
    const latestId = rows[0]?.latest_id ?? 0n;
    const firstKept = rows[0]?.first_id ?? latestId + 1n;
    const events = rows.filter((row) => row.id !== null).map(toView);
    return {
      events: events.slice(0, limit),
      latestId: Number(latestId),
      hasMore: events.length > limit,
      gapDetected: after < latestId && firstKept > after + 1n,
    };
  }

  /** Deletes up to `batch` events older than `cutoff` (epoch ms); the number deleted. */
  deleteOlderThan(cutoff: number, batch: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM account_events
       WHERE (user_id, id) IN (SELECT user_id, id FROM account_events WHERE at < ${BigInt(cutoff)} LIMIT ${batch})`;
  }
}

function toView(row: PageRow): AccountEventView {
  const view: AccountEventView = { id: Number(row.id), type: row.type!, at: Number(row.at) };
  if (row.store_id !== null) view.storeId = row.store_id;
  if (row.key_id !== null) view.keyId = row.key_id;
  if (row.device_id !== null) view.deviceId = row.device_id;
  if (row.version !== null) view.version = row.version;
  if (row.latest_seq !== null) view.latestSeq = Number(row.latest_seq);
  return view;
}

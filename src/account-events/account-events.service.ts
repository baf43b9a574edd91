import { Injectable } from '@nestjs/common';
import { Db } from '../database';
import { AccountEventInput, AccountEventPage } from './account-event';
import { AccountEventsRepository } from './account-events.repository';

/** How long events are kept (opsync-api.md §7). */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Rows deleted per statement by the retention sweep: short statements, short locks. */
const PURGE_BATCH = 5_000;

/**
 * The event feed of opsync-api.md §7: what changed, for every device of an account. A change records its
 * events in its own transaction, so an event exists exactly when its change committed.
 */
@Injectable()
export class AccountEventsService {
  constructor(private readonly events: AccountEventsRepository) {}

  /** Records `event` for every account in `userIds` (a store's members, or the one account), in `db`'s transaction. */
  async record(userIds: number | readonly number[], event: AccountEventInput, originSessionId: string | null, db: Db): Promise<void> {
    const at = Date.now();
    // Ascending, so two transactions writing events for the same accounts take the counter rows in one order.
    for (const userId of [userIds].flat().sort((a, b) => a - b)) await this.events.append(userId, event, originSessionId, at, db);
  }

  /** The caller's events after `after`, leaving out those its own session caused. */
  page(userId: number, after: bigint, limit: number, callerSessionId: string | null): Promise<AccountEventPage> {
    return this.events.page(userId, after, limit, callerSessionId);
  }

  /** The retention sweep: every event older than 30 days; the number deleted. */
  async purgeExpired(now = Date.now()): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.events.deleteOlderThan(now - EVENT_RETENTION_MS, PURGE_BATCH);
      deleted += batch;
      if (batch < PURGE_BATCH) return deleted;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { AccountEventInput, AccountEventsService } from '../account-events';
import { Db } from '../database';
import { StoreMembersRepository } from './persistence/store-members.repository';

/**
 * A store's changes in its members' event feeds (opsync-api.md §3, §7), in the change's transaction.
 * A member that switched the store's sync off hears nothing of it; the writer's own session is left out
 * by the feed itself (originSessionId), so the writer's other devices still hear.
 */
@Injectable()
export class StoreEventsService {
  constructor(
    private readonly members: StoreMembersRepository,
    private readonly events: AccountEventsService,
  ) {}

  /** `event` for every member that syncs the store, and for `alsoUserIds` (a member just removed) whatever their switch. */
  async toMembers(
    storeId: string,
    event: Omit<AccountEventInput, 'storeId'>,
    originSessionId: string | null,
    tx: Db,
    alsoUserIds: number[] = [],
  ): Promise<void> {
    const userIds = new Set([...(await this.members.syncingUserIds(storeId, tx)), ...alsoUserIds]);
    await this.events.record([...userIds], { ...event, storeId }, originSessionId, tx);
  }

  /** `event` about the store for one account only (its own settings changed). */
  toAccount(
    userId: number,
    storeId: string,
    event: Omit<AccountEventInput, 'storeId'>,
    originSessionId: string | null,
    tx: Db,
  ): Promise<void> {
    return this.events.record(userId, { ...event, storeId }, originSessionId, tx);
  }
}

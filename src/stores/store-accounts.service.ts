import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '../auth';
import { Db } from '../database';
import { StoresRepository } from './persistence/stores.repository';

/**
 * Stores in an account's lifecycle (issue 9 item 7). Deleting an account deletes the stores it alone
 * owns and hands the others it is charged for to another OWN member, in the deletion's transaction,
 * before the cascade removes its memberships and names. Wiping the op log (DELETE /api/sync/data,
 * clear-data) leaves stores alone: their charge is kept apart from the op log's counter.
 */
@Injectable()
export class StoreAccountsService implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly stores: StoresRepository,
  ) {}

  onModuleInit(): void {
    this.accounts.addDeletionStep((userId, tx) => this.releaseAccount(userId, tx));
  }

  private async releaseAccount(userId: number, tx: Db): Promise<void> {
    await this.stores.deleteSolelyOwned(userId, tx);
    await this.stores.handOver(userId, null, tx);
  }

  /** Stores and log entries per owning account (operator reports); accounts without stores are absent. */
  countsByOwner(userIds: number[]): Promise<Map<number, { stores: number; logEntries: number }>> {
    return this.stores.countsByOwner(userIds);
  }

  /** Stores and log entries over all accounts (operator reports). */
  totals(): Promise<{ stores: number; logEntries: number }> {
    return this.stores.totals();
  }
}

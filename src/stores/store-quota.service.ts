import { Injectable } from '@nestjs/common';
import { AccountsService } from '../auth';
import { Db } from '../database';
import { quotaExceeded } from '../operations';
import { StoresRepository } from './persistence/stores.repository';

/**
 * The owner's storage quota, shared with the op log (opsync-api.md §3): the op log's counter on `users`
 * plus the bytes of every store the account is charged for. Stores keep their own charge
 * (stores.stored_bytes) instead of adding to the op log's counter, which the op log recounts and resets
 * from its own rows (wipe, reconcile).
 */
@Injectable()
export class StoreQuotaService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly stores: StoresRepository,
  ) {}

  /** Refuses with 413 STORAGE_QUOTA_EXCEEDED when `addedBytes` more would not fit; shrinking always passes. */
  async admit(ownerId: number, addedBytes: number, db: Db): Promise<void> {
    if (addedBytes <= 0) return;
    const usage = await this.accounts.storageUsage(ownerId, db);
    const usedBytes = usage.usedBytes + (await this.stores.ownedBytes(ownerId, db));
    if (usedBytes + addedBytes > usage.quotaBytes) throw quotaExceeded({ usedBytes, quotaBytes: usage.quotaBytes }, false);
  }
}

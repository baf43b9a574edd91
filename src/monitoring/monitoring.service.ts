import { Injectable } from '@nestjs/common';
import { AccountsService, AccountStorage } from '../auth';
import { AppConfig } from '../config';
import { KeysService } from '../keys';
import { OpHistoryService } from '../operations';
import { StoreAccountsService } from '../stores';
import { DirectorySize, directorySize } from './directory-size';
import { MonitoringRepository, TableSize } from './monitoring.repository';

/** Tables listed by the stats report. */
const LARGEST_TABLES = 5;
const DAY_MS = 86_400_000;

export interface AccountUsage extends AccountStorage {
  ops: number;
  /** Keys of the account (opsync-api.md §6), whatever their number of versions. */
  keys: number;
  /** Stores the account is charged for (opsync-api.md §3, §4), and the entries of its log stores. */
  stores: number;
  logEntries: number;
}

export interface ActiveAccount {
  id: number;
  email: string;
  lastSeenAt: Date;
  /** Devices of the account seen within the window. */
  devices: number;
}

export interface ServerStats {
  accounts: { total: number; verified: number };
  ops: number;
  /** Distinct keys (account, keyId) and their stored versions. */
  keys: { keys: number; versions: number };
  /** Every store and every log entry. */
  stores: { stores: number; logEntries: number };
  databaseBytes: number;
  largestTables: TableSize[];
  dataDir: { path: string; size: DirectorySize | null };
}

export interface AccountUsageReport extends AccountUsage {
  /** Keys of the account (opsync-api.md §6), whatever their number of versions. */
  keys: number;
}

/** Read-only fleet reports for operators (scripts/monitor.ts). Full emails: the caller masks them. */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly history: OpHistoryService,
    private readonly keys: KeysService,
    private readonly stores: StoreAccountsService,
    private readonly reports: MonitoringRepository,
  ) {}

  async stats(): Promise<ServerStats> {
    const [accounts, ops, keys, stores, databaseBytes, largestTables, size] = await Promise.all([
      this.accounts.countAccounts(),
      this.history.totalOps(),
      this.keys.totals(),
      this.stores.totals(),
      this.reports.databaseBytes(),
      this.reports.largestTables(LARGEST_TABLES),
      directorySize(this.config.dataDir),
    ]);
    return { accounts, ops, keys, stores, databaseBytes, largestTables, dataDir: { path: this.config.dataDir, size } };
  }

  /** Accounts by storage counter (kept in step with the ops; reconciled when the quota is reached), largest first, with their op counts. */
  async usage(limit: number): Promise<AccountUsage[]> {
    const accounts = await this.accounts.largestByStorage(limit);
    const ids = accounts.map((account) => account.id);
    const [ops, keys, stores] = await Promise.all([this.reports.opCounts(ids), this.keys.keyCounts(ids), this.stores.countsByOwner(ids)]);
    return accounts.map((account) => ({
      ...account,
      ops: ops.get(account.id) ?? 0,
      keys: keys.get(account.id) ?? 0,
      stores: stores.get(account.id)?.stores ?? 0,
      logEntries: stores.get(account.id)?.logEntries ?? 0,
    }));
  }

  /**
   * Accounts with a sync device seen in the last `days` days, most recent first. An account deleted
   * between the two reads (its devices go with it) is left out of the list.
   */
  async activeAccounts(days: number, limit: number): Promise<{ total: number; accounts: ActiveAccount[] }> {
    const { total, users } = await this.reports.activeUsers(new Date(Date.now() - days * DAY_MS), limit);
    const emails = await this.accounts.emailsOf(users.map((user) => user.userId));
    const accounts = users.flatMap(({ userId, lastSeenAt, devices }) => {
      const email = emails.get(userId);
      return email === undefined ? [] : [{ id: userId, email, lastSeenAt, devices }];
    });
    return { total, accounts };
  }
}

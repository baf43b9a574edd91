import { Injectable } from '@nestjs/common';
import { AccountsService } from '../auth/accounts/accounts.service';
import { AppConfig } from '../config/app-config';
import { KeysService } from '../keys';
import { OpHistoryService } from '../operations/op-history.service';
import { DirectorySize, directorySize } from './directory-size';
import { AccountUsage, ActiveAccount, MonitoringRepository, TableSize } from './monitoring.repository';

/** Tables listed by the stats report. */
const LARGEST_TABLES = 5;
const DAY_MS = 86_400_000;

export interface ServerStats {
  accounts: { total: number; verified: number };
  ops: number;
  /** Distinct keys (account, keyId) and their stored versions. */
  keys: { keys: number; versions: number };
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
    private readonly reports: MonitoringRepository,
  ) {}

  async stats(): Promise<ServerStats> {
    const [accounts, ops, keys, databaseBytes, largestTables, size] = await Promise.all([
      this.accounts.countAccounts(),
      this.history.totalOps(),
      this.keys.totals(),
      this.reports.databaseBytes(),
      this.reports.largestTables(LARGEST_TABLES),
      directorySize(this.config.dataDir),
    ]);
    return { accounts, ops, keys, databaseBytes, largestTables, dataDir: { path: this.config.dataDir, size } };
  }

  async usage(limit: number): Promise<AccountUsageReport[]> {
    const accounts = await this.reports.topAccountsByStorage(limit);
    const keys = await this.keys.keyCounts(accounts.map((account) => account.id));
    return accounts.map((account) => ({ ...account, keys: keys.get(account.id) ?? 0 }));
  }

  /** Accounts with a sync device seen in the last `days` days, most recent first. */
  activeAccounts(days: number, limit: number): Promise<{ total: number; accounts: ActiveAccount[] }> {
    return this.reports.activeAccounts(new Date(Date.now() - days * DAY_MS), limit);
  }
}

import { Injectable } from '@nestjs/common';
import { AccountsService } from '../auth';
import { AppConfig } from '../config/app-config';
import { OpHistoryService } from '../operations/op-history.service';
import { DirectorySize, directorySize } from './directory-size';
import { AccountUsage, ActiveAccount, MonitoringRepository, TableSize } from './monitoring.repository';

/** Tables listed by the stats report. */
const LARGEST_TABLES = 5;
const DAY_MS = 86_400_000;

export interface ServerStats {
  accounts: { total: number; verified: number };
  ops: number;
  databaseBytes: number;
  largestTables: TableSize[];
  dataDir: { path: string; size: DirectorySize | null };
}

/** Read-only fleet reports for operators (scripts/monitor.ts). Full emails: the caller masks them. */
@Injectable()
export class MonitoringService {
  constructor(
    private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly history: OpHistoryService,
    private readonly reports: MonitoringRepository,
  ) {}

  async stats(): Promise<ServerStats> {
    const [accounts, ops, databaseBytes, largestTables, size] = await Promise.all([
      this.accounts.countAccounts(),
      this.history.totalOps(),
      this.reports.databaseBytes(),
      this.reports.largestTables(LARGEST_TABLES),
      directorySize(this.config.dataDir),
    ]);
    return { accounts, ops, databaseBytes, largestTables, dataDir: { path: this.config.dataDir, size } };
  }

  usage(limit: number): Promise<AccountUsage[]> {
    return this.reports.topAccountsByStorage(limit);
  }

  /** Accounts with a sync device seen in the last `days` days, most recent first. */
  activeAccounts(days: number, limit: number): Promise<{ total: number; accounts: ActiveAccount[] }> {
    return this.reports.activeAccounts(new Date(Date.now() - days * DAY_MS), limit);
  }
}

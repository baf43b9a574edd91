/**
 * npm run monitor -- stats | usage | active-users [--unmask] [--limit N] [--days N]
 * node dist/scripts/monitor.js ...      (inside the container)
 */
import { INestApplicationContext } from '@nestjs/common';
import { AuditService } from '../src/audit';
import {
  CliModule,
  formatBytes,
  formatTime,
  intOption,
  parseCliArgs,
  recordOperatorAction,
  runCli,
  textTable,
  UsageError,
} from '../src/cli';
import { maskEmail } from '../src/common';
import { MonitoringModule, MonitoringService } from '../src/monitoring';

const usage = `usage: npm run monitor -- <command> [options]

Read-only reports; the only database write is an operator_action audit row.

  stats                       accounts (total, verified), stored operations, keys and their
                              versions, stores and log entries, database size and its largest
                              tables, size of the data directory (DATA_DIR)
  usage [--limit N]           the N accounts storing the most sync data (default 20), with quota,
                              op count, key count, and the stores they own with their log entries
  active-users [--days N] [--limit N]
                              accounts with a sync device seen in the last N days (default 7),
                              most recent first, at most --limit (default 30)

Email addresses are masked (j***e@example.com) unless --unmask is given (usage, active-users).`;

const MAX_LIMIT = 1000;
const MAX_DAYS = 3650;

/** The options each command accepts: anything else is a usage error rather than silently ignored. */
const COMMANDS = new Map<string, string[]>([
  ['stats', []],
  ['usage', ['unmask', 'limit']],
  ['active-users', ['unmask', 'limit', 'days']],
]);

interface Request {
  command: string;
  unmask: boolean;
  limit?: number;
  days?: number;
}

function requestOf(argv: string[]): Request {
  const { positionals, values } = parseCliArgs(argv, { unmask: { type: 'boolean' }, limit: { type: 'string' }, days: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('give one command: stats, usage or active-users');
  const command = positionals[0];
  const accepted = COMMANDS.get(command);
  if (!accepted) throw new UsageError(`unknown command ${command}`);
  for (const name of Object.keys(values)) {
    if (!accepted.includes(name)) throw new UsageError(`--${name} does not apply to ${command}`);
  }
  return {
    command,
    unmask: values.unmask ?? false,
    limit: intOption('limit', values.limit, MAX_LIMIT),
    days: intOption('days', values.days, MAX_DAYS),
  };
}

async function stats(monitoring: MonitoringService): Promise<void> {
  const stats = await monitoring.stats();
  const { size } = stats.dataDir;
  const dataDir =
    size === null ? 'does not exist' : `${formatBytes(size.bytes)}${size.skipped > 0 ? `, ${size.skipped} entries unreadable` : ''}`;
  console.log(`accounts:        ${stats.accounts.total} (${stats.accounts.verified} verified)
operations:      ${stats.ops}
keys:            ${stats.keys.keys} (${stats.keys.versions} versions)
stores:          ${stats.stores.stores} (${stats.stores.logEntries} log entries)
database size:   ${formatBytes(stats.databaseBytes)}
largest tables:
${textTable([['table', 'size'], ...stats.largestTables.map((t) => [t.name, formatBytes(t.bytes)])])}
data directory:  ${stats.dataDir.path} (${dataDir})`);
}

async function usageReport(monitoring: MonitoringService, show: (email: string) => string, limit: number): Promise<void> {
  const accounts = await monitoring.usage(limit);
  if (accounts.length === 0) {
    console.log('No accounts.');
    return;
  }
  const rows = accounts.map((a) => [
    String(a.id),
    show(a.email),
    formatBytes(a.usedBytes),
    formatBytes(a.quotaBytes),
    a.quotaBytes > 0 ? `${((100 * a.usedBytes) / a.quotaBytes).toFixed(1)}%` : '-',
    String(a.ops),
    String(a.keys),
    String(a.stores),
    String(a.logEntries),
  ]);
  console.log(
    `Accounts by stored bytes (top ${limit}):\n${textTable([['id', 'email', 'stored', 'quota', 'used', 'ops', 'keys', 'stores', 'entries'], ...rows])}`,
  );
}

async function activeUsers(monitoring: MonitoringService, show: (email: string) => string, days: number, limit: number): Promise<void> {
  const { total, accounts } = await monitoring.activeAccounts(days, limit);
  const shown = accounts.length < total ? ` (showing the ${accounts.length} most recent)` : '';
  console.log(`Accounts with a sync device seen in the last ${days} days: ${total}${shown}.`);
  if (accounts.length > 0) {
    const rows = accounts.map((a) => [String(a.id), show(a.email), formatTime(a.lastSeenAt.getTime()), String(a.devices)]);
    console.log(textTable([['id', 'email', 'last seen', 'devices'], ...rows]));
  }
}

async function report(app: INestApplicationContext, request: Request): Promise<void> {
  const monitoring = app.get(MonitoringService);
  const show = request.unmask ? (email: string) => email : maskEmail;
  if (request.command === 'stats') return stats(monitoring);
  if (request.command === 'usage') return usageReport(monitoring, show, request.limit ?? 20);
  return activeUsers(monitoring, show, request.days ?? 7, request.limit ?? 30);
}

runCli({
  usage,
  module: (config) => CliModule.forRoot(config, [MonitoringModule]),
  validate: requestOf,
  async run(app, argv) {
    const request = requestOf(argv);
    await report(app, request);
    const details = request.command === 'stats' ? { command: request.command } : { command: request.command, unmasked: request.unmask };
    await recordOperatorAction(app.get(AuditService), 'monitor', null, details);
    return 0;
  },
});

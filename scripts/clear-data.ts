/**
 * npm run clear-data -- <email> | --all [--yes]
 * node dist/scripts/clear-data.js <email> | --all [--yes]      (inside the container)
 */
import { INestApplicationContext } from '@nestjs/common';
import { AuditService } from '../src/audit';
import { AccountsService, AuthModule } from '../src/auth';
import { CliModule, confirm, parseCliArgs, recordOperatorAction, runCli, UsageError } from '../src/cli';
import { OperationsModule, SyncDataService } from '../src/operations';

const usage = `usage: npm run clear-data -- <email> | --all [--yes]

Erases sync data: the operations, the sync state (the sequence starts again at 1) and the sync
devices, and sets the storage counter to 0, per account in one transaction with a data_cleared audit
event. Accounts, passkeys, tokens, keys and stores (with their members and log entries) stay as they are; connected clients are not notified and find
the reset at their next sync.

  <email>   the account with this email address (matched case-insensitively)
  --all     every account that has sync data (a started sequence or a sync device)
  --yes     do not ask for confirmation (required when stdin is not a terminal)

No files are touched: OpSync keeps no sync data on disk, only in the database.`;

const OPTIONS = { yes: { type: 'boolean' }, all: { type: 'boolean' } } as const;

/** The one email address, or null for --all. */
function targetOf(argv: string[]): string | null {
  const { positionals, values } = parseCliArgs(argv, OPTIONS);
  if (values.all && positionals.length > 0) throw new UsageError('give an email address or --all, not both');
  if (values.all) return null;
  if (positionals.length !== 1) throw new UsageError('give exactly one email address, or --all');
  return positionals[0];
}

/** The wipe, its data_cleared event and the operator's record commit together or not at all. */
async function clearAccount(app: INestApplicationContext, userId: number, all: boolean): Promise<void> {
  const audit = app.get(AuditService);
  await app.get(SyncDataService).deleteData(userId, {
    actor: 'operator',
    alsoInTransaction: (tx) => recordOperatorAction(audit, 'clear-data', userId, { action: 'data_cleared', all }, tx),
  });
}

async function clearOne(app: INestApplicationContext, email: string, assumeYes: boolean): Promise<number> {
  const userId = await app.get(AccountsService).findAccountId(email);
  if (userId === null) {
    console.error(`No account has the email address ${email}.`);
    return 1;
  }
  if (!(await confirm(`Erase the sync data of account ${userId} (${email})?`, assumeYes))) return 1;
  await clearAccount(app, userId, false);
  console.log(`Cleared the sync data of account ${userId} (${email}): operations, sync state and devices removed, storage counter 0.`);
  return 0;
}

async function clearAll(app: INestApplicationContext, assumeYes: boolean): Promise<number> {
  const userIds = await app.get(SyncDataService).usersWithSyncData();
  if (userIds.length > 0) {
    if (!(await confirm(`Erase the sync data of all ${userIds.length} accounts that have any?`, assumeYes))) return 1;
    // One transaction per account: each holds only that account's upload lock, and progress is printed as it commits.
    for (const userId of userIds) {
      await clearAccount(app, userId, true);
      console.log(`Cleared the sync data of account ${userId}.`);
    }
  }
  await recordOperatorAction(app.get(AuditService), 'clear-data', null, { action: 'data_cleared', all: true, accounts: userIds.length });
  console.log(userIds.length > 0 ? `Accounts cleared: ${userIds.length}.` : 'No account has sync data; nothing was cleared.');
  return 0;
}

runCli({
  usage,
  module: (config) => CliModule.forRoot(config, [AuthModule, OperationsModule]),
  validate: targetOf,
  run(app, argv) {
    const email = targetOf(argv);
    const assumeYes = parseCliArgs(argv, OPTIONS).values.yes ?? false;
    return email === null ? clearAll(app, assumeYes) : clearOne(app, email, assumeYes);
  },
});

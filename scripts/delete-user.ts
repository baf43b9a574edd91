/**
 * npm run delete-user -- <email> [--yes]
 * node dist/scripts/delete-user.js <email> [--yes]      (inside the container)
 */
import { AuditService } from '../src/audit';
import { AccountsService, AuthModule } from '../src/auth';
import { CliModule, confirm, parseCliArgs, recordOperatorAction, runCli, UsageError } from '../src/cli';
import { StoresModule } from '../src/stores';

const usage = `usage: npm run delete-user -- <email> [--yes]

Deletes the account with this email address (matched case-insensitively) and everything it owns
(operations, sync state, devices, passkeys, pending registrations, keys, the stores it alone owns,
its store memberships) in one transaction; a store it shares with another owner stays, charged to
that owner. Its tokens stop working at once and its WebSockets are closed.
Asks for confirmation unless --yes is given.`;

const OPTIONS = { yes: { type: 'boolean' } } as const;

function emailOf(argv: string[]): string {
  const { positionals } = parseCliArgs(argv, OPTIONS);
  if (positionals.length !== 1) throw new UsageError('give exactly one email address');
  return positionals[0];
}

runCli({
  usage,
  module: (config) => CliModule.forRoot(config, [AuthModule, StoresModule]),
  validate: emailOf,
  async run(app, argv) {
    const email = emailOf(argv);
    const accounts = app.get(AccountsService);
    const userId = await accounts.findAccountId(email);
    if (userId === null) {
      console.error(`No account has the email address ${email}.`);
      return 1;
    }
    if (!(await confirm(`Delete account ${userId} (${email}) and all of its data?`, parseCliArgs(argv, OPTIONS).values.yes ?? false)))
      return 1;
    const audit = app.get(AuditService);
    // The operator's record is written in the deletion's transaction: both or neither.
    const deleted = await accounts.deleteAccount(userId, {
      actor: 'operator',
      alsoInTransaction: (tx) => recordOperatorAction(audit, 'delete-user', userId, { action: 'account_deleted' }, tx),
    });
    if (!deleted) {
      console.error(`Account ${userId} disappeared before it could be deleted.`);
      return 1;
    }
    console.log(`Deleted account ${userId} (${email}) with its operations, sync state, devices, passkeys and stores.`);
    return 0;
  },
});

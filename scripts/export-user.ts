/**
 * npm run export-user -- <account> <file>
 * node dist/scripts/export-user.js <account> <file>      (inside the container)
 */
import { AccountExportService, AccountTransferModule } from '../src/account-transfer';
import { AuditService } from '../src/audit';
import { AccountsService, AuthModule } from '../src/auth';
import { CliModule, ExportFile, parseCliArgs, progressReporter, recordOperatorAction, runCli, UsageError } from '../src/cli';

const usage = `usage: npm run export-user -- <account> <file>

Writes the whole account (an id or an email address) to <file> as the NDJSON export of
GET /api/account/export: account metadata, sync state, devices, key versions and every op with its
seq, all still encrypted. No passkeys or other credentials. import-user loads the file into an empty
account on another server. The file is created with mode 600 and never overwritten; progress goes to
stderr.`;

function argsOf(argv: string[]): { account: string; path: string } {
  const { positionals } = parseCliArgs(argv, {});
  if (positionals.length !== 2) throw new UsageError('give an account and a file');
  return { account: positionals[0], path: positionals[1] };
}

runCli({
  usage,
  module: (config) => CliModule.forRoot(config, [AuthModule, AccountTransferModule]),
  validate: argsOf,
  async run(app, argv) {
    const { account: ref, path } = argsOf(argv);
    const account = await app.get(AccountsService).findAccount(ref);
    if (!account) {
      console.error(`No account matches ${ref}.`);
      return 1;
    }
    const file = await ExportFile.create(path);
    try {
      const counts = await app
        .get(AccountExportService)
        .export(account.id, (line) => file.put(`${JSON.stringify(line)}\n`), progressReporter('exported'));
      await file.finish();
      // Recorded once the file is whole; a failed record is reported (exit 1) but the file stays: it is complete.
      await recordOperatorAction(app.get(AuditService), 'export-user', account.id, { action: 'account_exported', ...counts });
      console.log(
        `Exported account ${account.id} (${account.email}) to ${path}: ${counts.ops} ops, ${counts.keys} key versions, ${counts.devices} devices.`,
      );
      return 0;
    } catch (error) {
      await file.abort();
      throw error;
    }
  },
});

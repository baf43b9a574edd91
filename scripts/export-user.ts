/**
 * npm run export-user -- <account> <file>
 * node dist/scripts/export-user.js <account> <file>      (inside the container)
 */
import { AccountExportService, AccountTransferModule } from '../src/account-transfer';
import { AuditService } from '../src/audit';
import { AuthModule } from '../src/auth';
import { CliModule, ExportFile, progressReporter, recordOperatorAction, runCli } from '../src/cli';
import { accountFileArgs, findNamedAccount } from './account-transfer/account-file-args';

const usage = `usage: npm run export-user -- <account> <file>

Writes the whole account (an id or an email address) to <file> as the NDJSON export of
GET /api/account/export: account metadata, sync state, devices, key versions and every op with its
seq, all still encrypted. No passkeys or other credentials. import-user loads the file into an empty
account on another server. The file is created with mode 600 and never overwritten; progress goes to
stderr.`;

runCli({
  usage,
  module: (config) => CliModule.forRoot(config, [AuthModule, AccountTransferModule]),
  validate: accountFileArgs,
  async run(app, argv) {
    const { account: ref, path } = accountFileArgs(argv);
    const account = await findNamedAccount(app, ref);
    if (!account) return 1;
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

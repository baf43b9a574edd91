/**
 * npm run import-user -- <account> <file>
 * node dist/scripts/import-user.js <account> <file>      (inside the container)
 */
import fs from 'node:fs';
import { AccountImportService, AccountTransferModule, MAX_IMPORT_LINE_BYTES, ndjsonLines } from '../src/account-transfer';
import { AuditService } from '../src/audit';
import { AuthModule } from '../src/auth';
import { ApiError } from '../src/common';
import { CliModule, progressReporter, recordOperatorAction, runCli } from '../src/cli';
import { accountFileArgs, findNamedAccount } from './account-transfer/account-file-args';

const usage = `usage: npm run import-user -- <account> <file>

Loads an export (GET /api/account/export or export-user) from <file> into the account (an id or an
email address), which must exist here and be empty: no synced data, no keys. Ops keep their seqs and
ids, keys their versions. All or nothing: a bad line, a cut-short file or an op id already stored
here leaves the account as it was. The account keeps its own address, passkeys and quota. Progress
goes to stderr.`;

runCli({
  usage,
  module: (config) => CliModule.forRoot(config, [AuthModule, AccountTransferModule]),
  validate: accountFileArgs,
  async run(app, argv) {
    const { account: ref, path } = accountFileArgs(argv);
    const account = await findNamedAccount(app, ref);
    if (!account) return 1;
    const audit = app.get(AuditService);
    try {
      const result = await app.get(AccountImportService).import(account.id, ndjsonLines(fs.createReadStream(path), MAX_IMPORT_LINE_BYTES), {
        onOp: progressReporter('imported'),
        // The operator's record is written in the import's transaction: both or neither.
        alsoInTransaction: (tx, { imported }) =>
          recordOperatorAction(audit, 'import-user', account.id, { action: 'account_imported', ...imported }, tx),
      });
      const { ops, keys, devices } = result.imported;
      console.log(
        `Imported ${path} into account ${account.id} (${account.email}): ${ops} ops up to seq ${result.lastSeq}, ${keys} key versions, ${devices} devices.`,
      );
      return 0;
    } catch (error) {
      // The service's refusals (not empty, bad line n, incomplete) are the operator's answer as they are.
      if (!(error instanceof ApiError)) throw error;
      console.error(`Nothing was imported: ${error.message}`);
      return 1;
    }
  },
});

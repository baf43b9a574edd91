/**
 * npm run recover-user -- --user <email|id> (--inspect | --out <file>) [--target-seq N]
 * node dist/scripts/recover-user.js ...      (inside the container)
 */
import { INestApplicationContext } from '@nestjs/common';
import { AuditService } from '../src/audit';
import { AccountsService, AuthModule } from '../src/auth';
import {
  CliModule,
  formatTime,
  intOption,
  JsonExportFile,
  parseCliArgs,
  recordOperatorAction,
  runCli,
  textTable,
  UsageError,
} from '../src/cli';
import { OperationsModule, OpHistoryService, OpLogGap, toServerOperation } from '../src/operations';

const usage = `usage: npm run recover-user -- --user <email|id> (--inspect | --out <file>) [--target-seq N]

Reads one account's operation log; the only database write is an operator_action audit row.

  --user <email|id>  the account: a number is tried as an id first, then as an email address
                     (matched case-insensitively)
  --inspect          print the last seq, retained op count, lowest retained seq, ops per type,
                     encrypted op count and the full-state ops
  --out <file>       export ops 1..N to a new JSON file (mode 600), each op as GET /api/sync/ops
                     returns it, read page by page. Refused when the log has a gap, or does not start
                     at seq 1 and its first retained op is not a causal full-state op (which holds
                     everything before it)
  --target-seq N     with --out: the last op to export, 1..last seq (default: the last seq)

The export holds the account's complete data: encrypted payloads stay encrypted (the server never
has the key), plaintext ones are readable by anyone with the file. Keep it safe; delete it when done.`;

const OPTIONS = {
  inspect: { type: 'boolean' },
  user: { type: 'string' },
  out: { type: 'string' },
  'target-seq': { type: 'string' },
} as const;
/** Ops read per query: memory holds one page (also bounded by the log's page byte budget). */
const EXPORT_PAGE = 1000;

interface Request {
  user: string;
  /** Absent for --inspect. */
  out?: string;
  targetSeq?: number;
}

interface Account {
  id: number;
  email: string;
}

function requestOf(argv: string[]): Request {
  const { positionals, values } = parseCliArgs(argv, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const { user, out } = values;
  if (user === undefined) throw new UsageError('--user is required');
  if ((values.inspect ?? false) === (out !== undefined)) throw new UsageError('give either --inspect or --out <file>');
  const targetSeq = intOption('target-seq', values['target-seq']);
  if (out === undefined && targetSeq !== undefined) throw new UsageError('--target-seq goes with --out');
  return { user, out, targetSeq };
}

async function inspect(app: INestApplicationContext, account: Account): Promise<number> {
  const summary = await app.get(OpHistoryService).summary(account.id);
  const byType = Object.entries(summary.opsByType).map(([type, count]) => `${type} ${count}`);
  console.log(`Account ${account.id} (${account.email})
last seq:             ${summary.lastSeq}
retained ops:         ${summary.retainedOps}
lowest retained seq:  ${summary.lowestRetainedSeq ?? '-'}
ops by type:          ${byType.join(', ') || '-'}
encrypted ops:        ${summary.encryptedOps}
full-state ops:       ${summary.fullStateOps.length}`);
  if (summary.fullStateOps.length > 0) {
    const rows = summary.fullStateOps.map((op) => [String(op.serverSeq), op.opType, op.clientId, formatTime(op.timestamp)]);
    console.log(textTable([['seq', 'type', 'client', 'time (client clock)'], ...rows]));
  }
  await recordOperatorAction(app.get(AuditService), 'recover-user', account.id, { action: 'inspected' });
  return 0;
}

async function exportOps(app: INestApplicationContext, account: Account, out: string, requestedSeq: number | undefined): Promise<number> {
  const history = app.get(OpHistoryService);
  const lastSeq = await history.lastSeq(account.id);
  if (lastSeq === 0) {
    console.error(`Account ${account.id} has no operations to export.`);
    return 1;
  }
  if (requestedSeq !== undefined && requestedSeq > lastSeq)
    throw new UsageError(`--target-seq must be 1..${lastSeq}, the last seq of account ${account.id}`);
  const targetSeq = requestedSeq ?? lastSeq;
  const file = await JsonExportFile.create(out, { userId: account.id, targetSeq, exportedAt: Date.now() }, 'ops');
  let exported = 0;
  // Not one transaction (an export may outlast any transaction timeout): ops pruned or wiped meanwhile
  // show as a gap and refuse the export, ops appended meanwhile lie beyond targetSeq.
  try {
    for await (const page of history.contiguousPages(account.id, 0, targetSeq, EXPORT_PAGE)) {
      for (const op of page) await file.write(toServerOperation(op));
      exported += page.length;
    }
    await file.finish();
  } catch (error) {
    await file.abort();
    if (!(error instanceof OpLogGap)) throw error;
    console.error(`Refusing to export account ${account.id} up to seq ${targetSeq}: ${error.message}. Nothing was written.`);
    return 1;
  }
  await recordOperatorAction(app.get(AuditService), 'recover-user', account.id, { action: 'exported', targetSeq, ops: exported });
  console.log(`Exported ${exported} ops of account ${account.id} (${account.email}), up to seq ${targetSeq}, to ${out}.`);
  console.error(
    `Warning: ${out} holds the complete sync data of this account (encrypted payloads stay encrypted). Keep it safe and delete it when done.`,
  );
  return 0;
}

runCli({
  usage,
  module: (config) => CliModule.forRoot(config, [AuthModule, OperationsModule]),
  validate: requestOf,
  async run(app, argv) {
    const request = requestOf(argv);
    const account = await app.get(AccountsService).findAccount(request.user);
    if (account === null) {
      console.error(`No account has the id or email address ${request.user}.`);
      return 1;
    }
    return request.out === undefined ? inspect(app, account) : exportOps(app, account, request.out, request.targetSeq);
  },
});

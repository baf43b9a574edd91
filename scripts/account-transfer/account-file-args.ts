import { INestApplicationContext } from '@nestjs/common';
import { AccountsService } from '../../src/auth';
import { parseCliArgs, UsageError } from '../../src/cli';

/** `<account> <file>`: the arguments export-user and import-user share. */
export function accountFileArgs(argv: string[]): { account: string; path: string } {
  const { positionals } = parseCliArgs(argv, {});
  if (positionals.length !== 2) throw new UsageError('give an account and a file');
  return { account: positionals[0], path: positionals[1] };
}

/** The account an id or email names, or null after telling the operator that none does. */
export async function findNamedAccount(app: INestApplicationContext, ref: string): Promise<{ id: number; email: string } | null> {
  const account = await app.get(AccountsService).findAccount(ref);
  if (!account) console.error(`No account matches ${ref}.`);
  return account;
}

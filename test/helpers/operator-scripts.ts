import { Finished, runNode } from './processes';
import { TestApp } from './test-app';

export type ScriptRun = (...args: string[]) => Promise<Finished>;

/** Runs `node dist/scripts/<name>.js <args>` (stdin not a terminal) with the environment `env()` gives at call time. */
export function operatorScript(name: string, env: () => Record<string, string>): ScriptRun {
  return (...args) => runNode(`dist/scripts/${name}.js`, args, env());
}

/** Each argument list is refused before anything runs: exit code 2 and the script's usage on stderr. */
export async function expectUsageRefusals(run: ScriptRun, name: string, argLists: string[][]): Promise<void> {
  for (const args of argLists) {
    const result = await run(...args);
    expect({ args, code: result.code, showsUsage: result.stderr.includes(`usage: npm run ${name}`) }).toEqual({
      args,
      code: 2,
      showsUsage: true,
    });
  }
}

/** --help prints the usage, containing `excerpt`, and exits 0. */
export async function expectHelp(run: ScriptRun, excerpt: string): Promise<void> {
  const help = await run('--help');
  expect(help.code).toBe(0);
  expect(help.stdout).toContain(excerpt);
}

/**
 * Runs a script while every insert of an `operator_action` audit row fails ("audit store full"): the
 * operator's record failing after the script's change was made. The script must exit 1 saying why.
 */
export async function runWithFailingOperatorRecords(t: TestApp, run: () => Promise<Finished>): Promise<void> {
  await t.prisma.$executeRawUnsafe(
    `CREATE FUNCTION fail_operator_record() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store full'; END $$`,
  );
  await t.prisma.$executeRawUnsafe(
    `CREATE TRIGGER fail_operator_record BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.type = 'operator_action') EXECUTE FUNCTION fail_operator_record()`,
  );
  try {
    const result = await run();
    expect({ code: result.code, reported: result.stderr.includes('audit store full') }).toEqual({ code: 1, reported: true });
  } finally {
    await t.prisma.$executeRawUnsafe('DROP TRIGGER fail_operator_record ON audit_events');
    await t.prisma.$executeRawUnsafe('DROP FUNCTION fail_operator_record()');
  }
}

/** The audit events of an account (null: the fleet-wide ones, which only operator scripts write) as [type, actor, details], oldest first. */
export async function auditTrail(t: TestApp, userId: number | null): Promise<unknown[][]> {
  return (await t.prisma.auditEvent.findMany({ where: { userId }, orderBy: { id: 'asc' } })).map((e) => [e.type, e.actor, e.details]);
}

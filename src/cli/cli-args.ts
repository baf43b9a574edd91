import { parseArgs, ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type OptionsSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util.parseArgs in strict mode with positionals: anything undeclared, an option without its value
 * or a flag given one is a UsageError (the script then prints its usage and exits 2), so a typo never
 * silently runs a destructive command with defaults.
 */
export function parseCliArgs<const T extends OptionsSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message);
    throw error;
  }
}

/** By code, not by class: node's TypeError is not the TypeError of a jest sandbox. */
function isParseArgsError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** The value of a positive integer option (at most `max`), or undefined when absent. */
export function intOption(name: string, value: string | undefined, max?: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value) || Number(value) > (max ?? Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(max === undefined ? `--${name} must be a positive integer` : `--${name} must be an integer from 1 to ${max}`);
  }
  return Number(value);
}

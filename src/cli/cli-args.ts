/** Arguments of an operator script: positionals, `--flag` booleans and `--name value` options. */
export interface CliArgs {
  positionals: string[];
  flags: Set<string>;
  options: Map<string, string>;
}

export class UsageError extends Error {}

/**
 * Parses argv against the script's declared vocabulary; anything undeclared is a UsageError, so a
 * typo never silently runs a destructive command with defaults.
 */
export function parseArgs(argv: string[], spec: { flags?: string[]; options?: string[] }): CliArgs {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (name === 'help' || spec.flags?.includes(name)) {
      flags.add(name);
    } else if (spec.options?.includes(name)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positionals, flags, options };
}

/** A positive integer option (at most `max`), or undefined when absent. */
export function intOption(args: CliArgs, name: string, max?: number): number | undefined {
  const value = args.options.get(name);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value) || Number(value) > (max ?? Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(max === undefined ? `--${name} must be a positive integer` : `--${name} must be an integer from 1 to ${max}`);
  }
  return Number(value);
}

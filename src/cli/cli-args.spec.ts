import { intOption, parseCliArgs, UsageError } from './cli-args';

describe('parseCliArgs', () => {
  const options = { yes: { type: 'boolean' }, all: { type: 'boolean' }, user: { type: 'string' }, limit: { type: 'string' } } as const;

  it('splits positionals, declared flags and options', () => {
    const { positionals, values } = parseCliArgs(['a@example.com', '--yes', '--user', '7', '--limit', '20'], options);
    expect(positionals).toEqual(['a@example.com']);
    expect(values).toEqual({ yes: true, user: '7', limit: '20' });
  });

  it('refuses undeclared options, missing values and values given to flags', () => {
    for (const argv of [['--force'], ['-f'], ['--user'], ['--user', '--yes'], ['--yes=no']]) {
      expect(() => parseCliArgs(argv, options)).toThrow(UsageError);
    }
    expect(() => parseCliArgs(['--force'], options)).toThrow("'--force'");
    expect(() => parseCliArgs(['--user'], options)).toThrow("'--user <value>' argument missing");
  });
});

describe('intOption', () => {
  it('reads a positive integer, at most max', () => {
    expect(intOption('limit', undefined)).toBeUndefined();
    expect(intOption('limit', '20')).toBe(20);
    expect(intOption('limit', '100', 100)).toBe(100);
  });

  it('refuses zero, non-integers and values over max', () => {
    expect(() => intOption('limit', '0')).toThrow('--limit must be a positive integer');
    expect(() => intOption('limit', '1e3')).toThrow(UsageError);
    expect(() => intOption('limit', '101', 100)).toThrow('--limit must be an integer from 1 to 100');
  });
});

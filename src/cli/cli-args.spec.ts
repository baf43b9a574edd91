import { intOption, parseArgs, UsageError } from './cli-args';

describe('parseArgs', () => {
  const spec = { flags: ['yes', 'all'], options: ['user', 'limit'] };

  it('splits positionals, declared flags and options', () => {
    const args = parseArgs(['a@example.com', '--yes', '--user', '7', '--limit', '20'], spec);
    expect(args.positionals).toEqual(['a@example.com']);
    expect([...args.flags]).toEqual(['yes']);
    expect(args.options.get('user')).toBe('7');
    expect(intOption(args, 'limit')).toBe(20);
  });

  it('refuses undeclared options, missing values and bad numbers', () => {
    expect(() => parseArgs(['--force'], spec)).toThrow(UsageError);
    expect(() => parseArgs(['--user'], spec)).toThrow('--user needs a value');
    expect(() => parseArgs(['--user', '--yes'], spec)).toThrow('--user needs a value');
    expect(() => intOption(parseArgs(['--limit', '0'], spec), 'limit')).toThrow('--limit must be a positive integer');
    expect(() => intOption(parseArgs(['--limit', '1e3'], spec), 'limit')).toThrow(UsageError);
    expect(intOption(parseArgs(['--limit', '100'], spec), 'limit', 100)).toBe(100);
    expect(() => intOption(parseArgs(['--limit', '101'], spec), 'limit', 100)).toThrow('--limit must be an integer from 1 to 100');
  });
});

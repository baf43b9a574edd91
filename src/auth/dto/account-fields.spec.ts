import { ACCOUNT_EMAIL_PATTERN } from './account-fields';

describe('account email rule (accounts spec §2.3, zod v4 default pattern)', () => {
  it.each(['a@b.co', "o'brien+x@mail.example.co.uk", 'a_b-c.d@sub-1.example.org', 'UPPER@EXAMPLE.COM', 'a-@x.io'])(
    'accepts %s',
    (email) => {
      expect(ACCOUNT_EMAIL_PATTERN.test(email)).toBe(true);
    },
  );

  it.each([
    'user@localhost',
    'user@127.0.0.1',
    'user@[127.0.0.1]',
    'user@[IPv6:::1]',
    'jürgen@example.com',
    'user@exämple.com',
    '.a@example.com',
    'a..b@example.com',
    'a.@example.com',
    "a'@example.com",
    'a@-x.com',
    'a@x..com',
    'a@x.c',
    'a@x.c0m',
    '@x.com',
    'a b@x.com',
    'a@x.com.',
  ])('rejects %s', (email) => {
    expect(ACCOUNT_EMAIL_PATTERN.test(email)).toBe(false);
  });
});

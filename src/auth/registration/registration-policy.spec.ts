import { emailAllowed } from './registration-policy';

describe('ALLOWED_EMAILS rules (accounts spec §6.6)', () => {
  const rules = ['*@example.com', 'boss@other.org'];

  it('lets anyone register without rules', () => {
    expect(emailAllowed('anyone@anywhere.net', [])).toBe(true);
  });

  it('matches *@domain exactly (no sub-domains) and other rules as whole addresses, case-insensitively', () => {
    expect(emailAllowed('A@EXAMPLE.COM', rules)).toBe(true);
    expect(emailAllowed('a@sub.example.com', rules)).toBe(false);
    expect(emailAllowed('a@example.com.evil.org', rules)).toBe(false);
    expect(emailAllowed('Boss@Other.org', rules)).toBe(true);
    expect(emailAllowed('staff@other.org', rules)).toBe(false);
  });
});

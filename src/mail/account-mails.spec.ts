import { accountLink, accountMail } from './account-mails';

describe('account mails (accounts spec §6.2)', () => {
  it('links PUBLIC_URL + path + ?token=', () => {
    expect(accountLink('https://sync.example.org', 'magicLogin', 'ab'.repeat(32))).toBe(
      `https://sync.example.org/magic-login?token=${'ab'.repeat(32)}`,
    );
    expect(accountLink('http://localhost:1900', 'passkeyRecovery', 'x')).toBe('http://localhost:1900/recover-passkey?token=x');
  });

  it('escapes everything it puts into the HTML part', () => {
    const mail = accountMail('verification', 'a@example.com', 'https://x.example/verify-email?token="><script>&');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('href="https://x.example/verify-email?token=&quot;&gt;&lt;script&gt;&amp;"');
    expect(mail.text).toContain('https://x.example/verify-email?token="><script>&');
    expect(mail.to).toBe('a@example.com');
  });
});

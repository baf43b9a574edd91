import { maskEmail } from './mask-email';

describe('maskEmail', () => {
  it('keeps the first and last character of the local part and the domain', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***e@example.com');
    expect(maskEmail('ab@example.com')).toBe('a*@example.com');
    expect(maskEmail('a@example.com')).toBe('a*@example.com');
  });
});

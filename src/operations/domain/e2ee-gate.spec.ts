import { randomBytes } from 'node:crypto';
import { isCiphertext } from './e2ee-gate';

describe('E2EE gate (protocol spec §4.10)', () => {
  it('accepts canonical base64 of at least 28 bytes flagged as encrypted', () => {
    expect(isCiphertext(true, randomBytes(28).toString('base64'))).toBe(true);
    expect(isCiphertext(true, randomBytes(29).toString('base64'))).toBe(true);
    expect(isCiphertext(true, randomBytes(30).toString('base64'))).toBe(true);
  });

  it('refuses a missing or false flag, non-strings, short, padded-short and non-canonical text', () => {
    const good = randomBytes(40).toString('base64');
    expect(isCiphertext(undefined, good)).toBe(false);
    expect(isCiphertext(false, good)).toBe(false);
    expect(isCiphertext('true', good)).toBe(false);
    expect(isCiphertext(true, { a: 1 })).toBe(false);
    expect(isCiphertext(true, 'abc=')).toBe(false);
    expect(isCiphertext(true, randomBytes(27).toString('base64'))).toBe(false);
    expect(isCiphertext(true, '')).toBe(false);
    expect(isCiphertext(true, good.slice(1))).toBe(false);
    expect(isCiphertext(true, randomBytes(40).toString('base64url').replace(/=/g, '') + '-_-_')).toBe(false);
    expect(isCiphertext(true, `${'A'.repeat(40)}===`)).toBe(false);
    expect(isCiphertext(true, `${'A'.repeat(38)}=A`)).toBe(false);
  });
});

import { bearerToken } from './bearer-token';

describe('bearerToken (accounts spec §4.4)', () => {
  it('takes the second space-separated field after a case-sensitive "Bearer "', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('Bearer  abc')).toBe('');
    expect(bearerToken('Bearer abc extra')).toBe('abc');
  });

  it('refuses everything else', () => {
    for (const header of [undefined, '', 'bearer abc', 'Basic abc', 'Bearer', 'BEARER abc']) expect(bearerToken(header)).toBeUndefined();
  });
});

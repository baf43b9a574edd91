import { metricsTokenMatches } from './metrics-token';

describe('metricsTokenMatches', () => {
  const token = 'metrics-token-that-is-long-enough-0123456789';

  it('accepts exactly the configured token', () => {
    expect(metricsTokenMatches(token, token)).toBe(true);
  });

  it('refuses no token, an empty one, a prefix, a longer one and a different one of the same length', () => {
    for (const presented of [undefined, '', token.slice(0, -1), `${token}x`, `${token.slice(0, -1)}X`]) {
      expect({ presented, matches: metricsTokenMatches(presented, token) }).toEqual({ presented, matches: false });
    }
  });
});

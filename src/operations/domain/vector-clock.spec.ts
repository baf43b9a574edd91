import { compareClocks, mergeClocks, pruneClock, sanitizeClock } from './vector-clock';

describe('vector clocks (protocol spec §2.5, §4.6)', () => {
  it('compares over the union of keys with missing keys as 0', () => {
    expect(compareClocks({ a: 1 }, { a: 1 })).toBe('EQUAL');
    expect(compareClocks({ a: 1, b: 0 }, { a: 1 })).toBe('EQUAL');
    expect(compareClocks({ a: 2 }, { a: 1 })).toBe('GREATER_THAN');
    expect(compareClocks({ a: 1, b: 1 }, { a: 1 })).toBe('GREATER_THAN');
    expect(compareClocks({ a: 1 }, { a: 2 })).toBe('LESS_THAN');
    expect(compareClocks({ b: 1 }, { a: 1 })).toBe('CONCURRENT');
  });

  it('drops entries with bad keys or values instead of rejecting the clock', () => {
    const raw = JSON.parse('{"a":1,"b":-1,"c":"x","":3,"d":1.5,"e":100000001,"f":100000000,"__proto__":4,"g\\u0000":1,"h\\ud800":1}');
    raw['k'.repeat(256)] = 1;
    const clock = sanitizeClock(raw);
    expect(Object.keys(clock).sort()).toEqual(['__proto__', 'a', 'f']);
    expect(clock.a).toBe(1);
    expect(Object.getPrototypeOf(clock)).toBe(Object.prototype);
  });

  it('keeps clocks of up to 20 entries unchanged', () => {
    const clock = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, i]));
    expect(pruneClock(clock, ['x'])).toBe(clock);
  });

  it('prunes to 20: protected ids first, then by counter descending, ties by id in code-unit order', () => {
    const clock: Record<string, number> = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`c${String(i).padStart(2, '0')}`, 100 + i]),
    );
    clock.me = 1;
    clock.author = 2;
    clock.B = 5000;
    clock.a = 5000;
    const pruned = pruneClock(clock, ['me', 'author', 'absent']);
    const keys = Object.keys(pruned);
    expect(keys).toHaveLength(20);
    expect(keys.slice(0, 4)).toEqual(['me', 'author', 'B', 'a']);
    expect(keys).toContain('c24');
    expect(keys).not.toContain('c08');
    expect(keys).toContain('c09');
  });

  it('merges by per-client maximum', () => {
    expect(mergeClocks({ a: 1, b: 5 }, { a: 3 }, {})).toEqual({ a: 3, b: 5 });
  });
});

import { exceedsComplexity } from './payload-complexity';

const nested = (depth: number): unknown => (depth === 1 ? {} : { child: nested(depth - 1) });

describe('payload complexity (§4.2 #15)', () => {
  it('counts depth from the top-level object', () => {
    expect(exceedsComplexity(nested(20), { depth: 20, nodes: 100 })).toBe(false);
    expect(exceedsComplexity(nested(21), { depth: 20, nodes: 100 })).toBe(true);
    expect(exceedsComplexity('a'.repeat(1000), { depth: 1, nodes: 0 })).toBe(false);
  });

  it('counts keys and array items over the whole value', () => {
    const wide = { list: Array.from({ length: 99 }, (_, i) => i) };
    expect(exceedsComplexity(wide, { depth: 20, nodes: 100 })).toBe(false);
    expect(exceedsComplexity({ ...wide, extra: [1] }, { depth: 20, nodes: 100 })).toBe(true);
  });
});

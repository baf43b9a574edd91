import { entryKey, NewLogEntry, planAppend } from './append-plan';

const entry = (clientId: string, clientIndex: number): NewLogEntry => ({ clientId, clientIndex, data: 'AA==' });

describe('planAppend', () => {
  it('numbers new entries from the log’s latest seq, in the order sent', () => {
    const plan = planAppend([entry('a', 0), entry('b', 0), entry('a', 1)], new Map(), 7);
    expect(plan.results).toEqual([
      { clientId: 'a', clientIndex: 0, seq: 8, duplicate: false },
      { clientId: 'b', clientIndex: 0, seq: 9, duplicate: false },
      { clientId: 'a', clientIndex: 1, seq: 10, duplicate: false },
    ]);
    expect(plan.added.map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(plan.latestSeq).toBe(10);
  });

  it('answers a stored entry with its original seq and leaves no gap for it', () => {
    const plan = planAppend([entry('a', 0), entry('a', 5), entry('a', 1)], new Map([[entryKey('a', 5), 2]]), 3);
    expect(plan.results.map((r) => [r.seq, r.duplicate])).toEqual([
      [4, false],
      [2, true],
      [5, false],
    ]);
    expect(plan.latestSeq).toBe(5);
  });

  it('stores an entry sent twice in one batch once; the repeat is a duplicate of the first', () => {
    const plan = planAppend([entry('a', 0), entry('a', 0)], new Map(), 0);
    expect(plan.results).toEqual([
      { clientId: 'a', clientIndex: 0, seq: 1, duplicate: false },
      { clientId: 'a', clientIndex: 0, seq: 1, duplicate: true },
    ]);
    expect(plan.added).toHaveLength(1);
  });

  it('changes nothing when every entry is a duplicate', () => {
    const plan = planAppend([entry('a', 0)], new Map([[entryKey('a', 0), 1]]), 4);
    expect(plan).toEqual({ results: [{ clientId: 'a', clientIndex: 0, seq: 1, duplicate: true }], added: [], latestSeq: 4 });
  });
});

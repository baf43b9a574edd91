import { StoredOp } from './domain/op-record';
import { OpHistoryService, OpLogGap } from './op-history.service';
import { OperationsRepository, OpPageQuery } from './persistence/operations.repository';
import { SyncStateRepository } from './persistence/sync-state.repository';

/** A log holding ops at these seqs (`I` marks a SYNC_IMPORT, `R` a REPAIR without base), read like the repository pages it. */
function historyOf(seqs: (number | `${number}I` | `${number}R`)[]): OpHistoryService {
  const log = seqs.map((s) => {
    const seq = parseInt(String(s), 10);
    const opType = String(s).endsWith('I') ? 'SYNC_IMPORT' : String(s).endsWith('R') ? 'REPAIR' : 'UPD';
    return { serverSeq: seq, opType, repairBaseServerSeq: null } as StoredOp;
  });
  const page = async (q: OpPageQuery) => ({
    ops: log.filter((op) => op.serverSeq > q.afterSeq && op.serverSeq <= q.maxSeq).slice(0, q.limit),
    more: false,
  });
  return new OpHistoryService({ page } as unknown as OperationsRepository, {} as SyncStateRepository);
}

async function walk(history: OpHistoryService, afterSeq: number, toSeq: number, pageSize = 2): Promise<number[][]> {
  const pages: number[][] = [];
  for await (const page of history.contiguousPages(1, afterSeq, toSeq, pageSize)) pages.push(page.map((op) => op.serverSeq));
  return pages;
}

describe('OpHistoryService.contiguousPages', () => {
  it('yields the range page by page up to toSeq', async () => {
    expect(await walk(historyOf([1, 2, 3, 4, 5, 6]), 0, 5)).toEqual([[1, 2], [3, 4], [5]]);
    expect(await walk(historyOf([1, 2, 3]), 1, 3)).toEqual([[2, 3]]);
    expect(await walk(historyOf([]), 0, 0)).toEqual([]);
  });

  it('may start later only at a causal full-state op', async () => {
    expect(await walk(historyOf(['3I', 4, 5]), 0, 5)).toEqual([[3, 4], [5]]);
    await expect(walk(historyOf([3, 4]), 0, 4)).rejects.toThrow(
      new OpLogGap('ops 1..2 are missing and op 3 (UPD) is not a causal full-state op to start from'),
    );
    await expect(walk(historyOf(['2R', 3]), 0, 3)).rejects.toThrow(
      'op 1 is missing and op 2 (REPAIR) is not a causal full-state op to start from',
    );
  });

  it('refuses a gap inside a page or across pages, and a missing tail, before yielding the page that shows it', async () => {
    const seen: number[][] = [];
    const collect = async (history: OpHistoryService) => {
      seen.length = 0;
      for await (const page of history.contiguousPages(1, 0, 6, 3)) seen.push(page.map((op) => op.serverSeq));
    };
    await expect(collect(historyOf([1, 2, 4, 5, 6]))).rejects.toThrow('the log has a gap: op 3 is missing');
    expect(seen).toEqual([]);
    await expect(collect(historyOf([1, 2, 3, 5, 6]))).rejects.toThrow('the log has a gap: op 4 is missing');
    expect(seen).toEqual([[1, 2, 3]]);
    await expect(walk(historyOf([1, 2, 5, 6]), 0, 6)).rejects.toThrow('the log has a gap: ops 3..4 are missing');
    await expect(walk(historyOf([1, 2]), 0, 4)).rejects.toThrow('ops 3..4 are missing');
    await expect(walk(historyOf(['1I', '3I']), 0, 3)).rejects.toThrow('the log has a gap: op 2 is missing');
  });
});

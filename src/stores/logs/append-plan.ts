/** An entry as a client appends it (opsync-api.md §4). */
export interface NewLogEntry {
  clientId: string;
  clientIndex: number;
  data: string;
  nonce?: string;
  clientTimestamp?: string;
}

/** A new entry with the seq it is stored under. */
export interface SequencedEntry extends NewLogEntry {
  seq: number;
}

export interface AppendResult {
  clientIndex: number;
  clientId: string;
  seq: number;
  duplicate: boolean;
}

export interface AppendPlan {
  /** One per sent entry, in the order sent. */
  results: AppendResult[];
  /** The entries to insert, seqs latestSeq + 1 … in the order sent. */
  added: SequencedEntry[];
  /** The log's last seq once `added` is stored. */
  latestSeq: number;
}

/** The log's identity of an entry: `(clientId, clientIndex)` is unique per log. */
export const entryKey = (clientId: string, clientIndex: number): string => `${clientIndex}:${clientId}`;

/**
 * Decides an append under the log's lock: an entry whose key is stored already (`storedSeqs`, key →
 * seq) or was sent earlier in the same batch is a duplicate answered with the original seq; every other
 * entry gets the next seq, so seqs stay gap-free whatever the batch holds.
 */
export function planAppend(entries: readonly NewLogEntry[], storedSeqs: ReadonlyMap<string, number>, latestSeq: number): AppendPlan {
  const seqs = new Map(storedSeqs);
  const added: SequencedEntry[] = [];
  const results = entries.map((entry): AppendResult => {
    const key = entryKey(entry.clientId, entry.clientIndex);
    const known = seqs.get(key);
    const { clientIndex, clientId } = entry;
    if (known !== undefined) return { clientIndex, clientId, seq: known, duplicate: true };
    const seq = latestSeq + added.length + 1;
    seqs.set(key, seq);
    added.push({ ...entry, seq });
    return { clientIndex, clientId, seq, duplicate: false };
  });
  return { results, added, latestSeq: latestSeq + added.length };
}

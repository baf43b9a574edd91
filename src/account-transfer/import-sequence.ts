import { InvalidLine } from './export-line-parser';
import { ExportLine, LINE_ORDER, SINGLE_LINES, SyncStateLine } from './export-lines';

/**
 * The order rules of an export, checked line by line as an import reads it: the sections in their
 * order, each single line once, ops by rising seq and none above the exported lastSeq, and an end line
 * whose counts match what came before it.
 */
export class ImportSequence {
  private rank = -1;
  private readonly seen = new Set<string>();
  private lastOpSeq = 0;
  private syncState: SyncStateLine | undefined;
  readonly counts = { devices: 0, keys: 0, ops: 0 };

  /** Throws InvalidLine when `line` cannot come next. */
  accept(line: ExportLine): void {
    if (this.ended) throw new InvalidLine('nothing may follow the end line');
    const rank = LINE_ORDER.indexOf(line.type);
    if (this.rank === -1 && line.type !== 'header') throw new InvalidLine('an export starts with its header line');
    if (rank < this.rank) throw new InvalidLine(`a ${line.type} line cannot follow a ${LINE_ORDER[this.rank]} line`);
    if (rank > LINE_ORDER.indexOf('syncState') && !this.syncState)
      throw new InvalidLine(`a ${line.type} line needs the account and syncState lines first`);
    if (SINGLE_LINES.has(line.type) && this.seen.has(line.type)) throw new InvalidLine(`a second ${line.type} line`);
    this.rank = rank;
    this.seen.add(line.type);
    if (line.type === 'syncState') this.syncState = line;
    else if (line.type === 'device') this.counts.devices += 1;
    else if (line.type === 'key') this.counts.keys += 1;
    else if (line.type === 'op') this.acceptOp(line.serverSeq);
    else if (line.type === 'end') this.acceptEnd(line);
  }

  get ended(): boolean {
    return this.seen.has('end');
  }

  /** The exported sync state (present once a line after it was accepted). */
  get state(): SyncStateLine {
    if (!this.syncState) throw new Error('ImportSequence.state read before the syncState line');
    return this.syncState;
  }

  private acceptOp(seq: number): void {
    if (seq <= this.lastOpSeq) throw new InvalidLine(`op seq ${seq} does not follow seq ${this.lastOpSeq}`);
    if (seq > this.state.lastSeq) throw new InvalidLine(`op seq ${seq} is above the exported lastSeq ${this.state.lastSeq}`);
    this.lastOpSeq = seq;
    this.counts.ops += 1;
  }

  private acceptEnd(end: { devices: number; keys: number; ops: number }): void {
    const { devices, keys, ops } = this.counts;
    if (end.devices !== devices || end.keys !== keys || end.ops !== ops)
      throw new InvalidLine(
        `the end line counts ${end.devices}/${end.keys}/${end.ops} devices/keys/ops, the export held ${devices}/${keys}/${ops}`,
      );
  }
}

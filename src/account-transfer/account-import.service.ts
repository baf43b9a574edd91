import { Injectable } from '@nestjs/common';
import { ApiError } from '../common';
import { Db, PrismaService } from '../database';
import { SyncDevicesService } from '../devices';
import { KeysService } from '../keys';
import { MAX_PAYLOAD_BYTES, OpLogTransferService, StoredOp } from '../operations';
import { OpProgress, TransferCounts } from './account-export.service';
import { TransferError } from './account-transfer.errors';
import { InvalidLine, parseExportLine } from './export-line-parser';
import { ExportLine } from './export-lines';
import { ImportSequence } from './import-sequence';
import { LineTooLong } from './ndjson-lines';
import { IMPORT_TRANSACTION } from './transfer-transaction';

/** An op's payload text escapes to at most about twice its size inside a JSON string; the rest of an op line is small. */
export const MAX_IMPORT_LINE_BYTES = 2 * MAX_PAYLOAD_BYTES + 1024 * 1024;

/** Ops inserted per statement, and the payload bytes a batch may hold before it is written. */
const OP_BATCH = { ops: 500, bytes: 16 * 1024 * 1024 } as const;

export interface ImportResult {
  imported: TransferCounts;
  lastSeq: number;
}

export interface ImportOptions {
  onOp?: OpProgress;
  /** The caller's own writes in the import's transaction (an operator script's record): both or neither. */
  alsoInTransaction?: (tx: Db, result: ImportResult) => Promise<void>;
}

interface NumberedLine {
  lineNumber: number;
  text: string;
}

/**
 * Loads an export (export-lines.ts) into an empty account in one transaction: seqs, op ids, clocks,
 * markers and key versions exactly as exported, so downloads from here equal downloads from the server
 * that exported it. Any bad line, a cut-short stream, an op id taken here, or the quota refuses the whole
 * import and nothing is left written. The account's own address, credentials and quota stay this server's.
 */
@Injectable()
export class AccountImportService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly devices: SyncDevicesService,
    private readonly keys: KeysService,
    private readonly opLog: OpLogTransferService,
  ) {}

  import(userId: number, lines: AsyncIterable<NumberedLine>, { onOp, alsoInTransaction }: ImportOptions = {}): Promise<ImportResult> {
    return this.prisma.$transaction(async (tx) => {
      // The sequence lock first: an upload racing the import waits, then finds the log started.
      if (!(await this.opLog.lockUnstarted(userId, tx)) || (await this.keys.hasKeys(userId, tx)))
        throw new ApiError(TransferError.AccountNotEmpty);
      const sequence = new ImportSequence();
      const ops = new OpBatches(userId, this.opLog, tx, onOp);
      for await (const line of numberedExportLines(lines, sequence)) {
        // Each record leaves its `type` behind: the owning modules take their rows as stored.
        if (line.type === 'device') {
          const { type: _type, ...device } = line;
          await this.devices.importAll(userId, [device], tx);
        } else if (line.type === 'key') {
          const { type: _type, ...key } = line;
          await this.keys.importAll(userId, [key], tx);
        } else if (line.type === 'op') {
          const { type: _type, ...op } = line;
          await ops.add({ ...op, userId });
        }
      }
      if (!sequence.ended) throw new ApiError(TransferError.Incomplete);
      await ops.flush();
      await this.opLog.importState(userId, sequence.state, ops.storedBytes, tx);
      const result = { imported: sequence.counts, lastSeq: sequence.state.lastSeq };
      await alsoInTransaction?.(tx, result);
      return result;
    }, IMPORT_TRANSACTION);
  }
}

/** Parses and orders the lines; a bad one becomes the 400 that names its line number. */
async function* numberedExportLines(lines: AsyncIterable<NumberedLine>, sequence: ImportSequence): AsyncGenerator<ExportLine> {
  const iterator = lines[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<NumberedLine>;
    try {
      next = await iterator.next();
    } catch (error) {
      if (error instanceof LineTooLong)
        throw new ApiError(TransferError.InvalidLine(error.lineNumber, `longer than ${MAX_IMPORT_LINE_BYTES} bytes`));
      throw error;
    }
    if (next.done) return;
    const { lineNumber, text } = next.value;
    try {
      const line = parseExportLine(text);
      sequence.accept(line);
      yield line;
    } catch (error) {
      if (error instanceof InvalidLine) throw new ApiError(TransferError.InvalidLine(lineNumber, error.message));
      throw error;
    }
  }
}

/** Imported ops collected into multi-row inserts (bounded in count and bytes). */
class OpBatches {
  private batch: StoredOp[] = [];
  private batchBytes = 0;
  private written = 0;
  storedBytes = 0;

  constructor(
    private readonly userId: number,
    private readonly opLog: OpLogTransferService,
    private readonly db: Db,
    private readonly onOp: OpProgress | undefined,
  ) {}

  async add(op: StoredOp): Promise<void> {
    this.batch.push(op);
    this.batchBytes += op.payloadText.length;
    this.storedBytes += op.storedBytes;
    if (this.batch.length >= OP_BATCH.ops || this.batchBytes >= OP_BATCH.bytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    await this.opLog.importOps(this.userId, this.batch, this.db);
    this.written += this.batch.length;
    this.onOp?.(this.written);
    this.batch = [];
    this.batchBytes = 0;
  }
}

import { Injectable } from '@nestjs/common';
import { AccountsService } from '../auth';
import { ApiError } from '../common';
import { PrismaService } from '../database';
import { SyncDevicesService } from '../devices';
import { KeysService } from '../keys';
import { OpLogTransferService } from '../operations';
import { TransferError } from './account-transfer.errors';
import { EXPORT_FORMAT, EXPORT_VERSION, ExportLine, opLine } from './export-lines';
import { EXPORT_TRANSACTION } from './transfer-transaction';

export interface TransferCounts {
  devices: number;
  keys: number;
  ops: number;
}

/** Called after each op line with the ops written so far (operator progress). */
export type OpProgress = (ops: number) => void;

/**
 * Writes an account's export (export-lines.ts) line by line to `write`, which waits while its
 * destination is busy, so memory holds one page of ops however large the account. Passkeys, password
 * hash and token digests are not exported (credentials belong to this server); the owning modules read
 * their tables in the export's one consistent transaction.
 */
@Injectable()
export class AccountExportService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly accounts: AccountsService,
    private readonly devices: SyncDevicesService,
    private readonly keys: KeysService,
    private readonly opLog: OpLogTransferService,
  ) {}

  export(userId: number, write: (line: ExportLine) => Promise<void>, onOp?: OpProgress): Promise<TransferCounts> {
    return this.prisma.$transaction(async (tx) => {
      const profile = await this.accounts.profile(userId, tx);
      if (!profile) throw new ApiError(TransferError.AccountGone);
      await write({ type: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: Date.now() });
      await write({ type: 'account', ...profile });
      const state = await this.opLog.exportState(userId, tx);
      await write({ type: 'syncState', ...state });
      const devices = await this.devices.exportAll(userId, tx);
      for (const device of devices) await write({ type: 'device', ...device });
      const keys = await this.keys.exportAll(userId, tx);
      for (const key of keys) await write({ type: 'key', ...key });
      let ops = 0;
      for await (const op of this.opLog.exportOps(userId, state.lastSeq, tx)) {
        await write(opLine(op));
        ops += 1;
        onOp?.(ops);
      }
      const counts = { devices: devices.length, keys: keys.length, ops };
      await write({ type: 'end', ...counts });
      return counts;
    }, EXPORT_TRANSACTION);
  }
}

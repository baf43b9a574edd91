import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { SyncDevicesModule } from '../devices';
import { KeysModule } from '../keys';
import { OperationsModule } from '../operations';
import { AccountExportService } from './account-export.service';
import { AccountImportService } from './account-import.service';
import { AccountTransferController } from './account-transfer.controller';

/**
 * Moving an account between servers (opsync-api.md §11, O-30): export and import as NDJSON. It owns no
 * table: the account, devices, keys and op-log modules read and write theirs through their services.
 */
@Module({
  imports: [AuthModule, SyncDevicesModule, KeysModule, OperationsModule],
  controllers: [AccountTransferController],
  providers: [AccountExportService, AccountImportService],
  exports: [AccountExportService, AccountImportService],
})
export class AccountTransferModule {}

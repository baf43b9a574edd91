import { Module } from '@nestjs/common';
import { AccountEventsModule } from '../account-events';
import { AuthModule } from '../auth';
import { SyncDevicesModule } from '../devices';
import { RateLimitModule } from '../rate-limit';
import { UploadOpsBodyPipe } from './http/dto/upload-ops-body.pipe';
import { OperationsController } from './http/operations.controller';
import { SyncDataController } from './http/sync-data.controller';
import { OpHistoryService } from './op-history.service';
import { OpLogService } from './op-log.service';
import { OpLogTransferService } from './op-log-transfer.service';
import { OpsDownloadService } from './ops-download.service';
import { OpsUploadService } from './ops-upload.service';
import { OperationsRepository } from './persistence/operations.repository';
import { RequestDedupRepository } from './persistence/request-dedup.repository';
import { SyncStateRepository } from './persistence/sync-state.repository';
import { RequestDedupService } from './request-dedup.service';
import { RetentionJob } from './retention/retention.job';
import { StorageQuotaService } from './storage-quota.service';
import { SyncDataService } from './sync-data.service';
import { UserUploadLimiter } from './user-upload-limiter';

/**
 * The SuperSync op log: upload, download, status, wipe, quota, retention (tables operations,
 * operation_entities, user_sync_state, sync_request_dedup); it keeps the storage counter on users up to
 * date through AccountsService.
 * Exports what the snapshots module builds on, SyncDataService for operator scripts and OpLogTransferService
 * for account export/import.
 */
@Module({
  imports: [AuthModule, SyncDevicesModule, RateLimitModule, AccountEventsModule],
  controllers: [OperationsController, SyncDataController],
  providers: [
    OperationsRepository,
    SyncStateRepository,
    RequestDedupRepository,
    RequestDedupService,
    StorageQuotaService,
    OpLogService,
    OpLogTransferService,
    OpHistoryService,
    OpsDownloadService,
    OpsUploadService,
    UserUploadLimiter,
    UploadOpsBodyPipe,
    SyncDataService,
    RetentionJob,
  ],
  exports: [OpLogService, OpLogTransferService, OpHistoryService, RequestDedupService, StorageQuotaService, SyncDataService, RetentionJob],
})
export class OperationsModule {}

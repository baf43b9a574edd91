import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { SyncDevicesModule } from '../devices/sync-devices.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { UploadOpsBodyPipe } from './dto/upload-ops-body.pipe';
import { OpHistoryService } from './op-history.service';
import { OpLogService } from './op-log.service';
import { OperationsController } from './operations.controller';
import { OperationsRepository } from './operations.repository';
import { OpsDownloadService } from './ops-download.service';
import { OpsUploadService } from './ops-upload.service';
import { RequestDedupRepository } from './request-dedup.repository';
import { RequestDedupService } from './request-dedup.service';
import { RetentionJob } from './retention.job';
import { StorageQuotaService } from './storage-quota.service';
import { SyncDataController } from './sync-data.controller';
import { SyncDataService } from './sync-data.service';
import { SyncStateRepository } from './sync-state.repository';
import { UserUploadLimiter } from './user-upload-limiter';

/**
 * The SuperSync op log: upload, download, status, wipe, quota, retention (tables operations,
 * operation_entities, user_sync_state, sync_request_dedup); it keeps the storage counter on users up to
 * date through AccountsService.
 * Exports what the snapshots module builds on and SyncDataService for operator scripts.
 */
@Module({
  imports: [AuthModule, SyncDevicesModule, RateLimitModule],
  controllers: [OperationsController, SyncDataController],
  providers: [
    OperationsRepository,
    SyncStateRepository,
    RequestDedupRepository,
    RequestDedupService,
    StorageQuotaService,
    OpLogService,
    OpHistoryService,
    OpsDownloadService,
    OpsUploadService,
    UserUploadLimiter,
    UploadOpsBodyPipe,
    SyncDataService,
    RetentionJob,
  ],
  exports: [OpLogService, OpHistoryService, RequestDedupService, StorageQuotaService, SyncDataService, RetentionJob],
})
export class OperationsModule {}

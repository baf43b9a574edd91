import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import { ApiErrors, AuthUser, CurrentUser, OpaqueJsonBody, JSON_BODY_ERRORS } from '../common';
import { OpsError } from '../operations';
import { RateLimit } from '../rate-limit';
import { RestoreParamsDto, RestorePointsQueryDto } from './dto/restore-requests.dto';
import { UploadSnapshotBodyPipe } from './dto/upload-snapshot-body.pipe';
import { UploadSnapshotDto } from './dto/upload-snapshot.dto';
import { RestoreService } from './restore.service';
import { SnapshotUploadService } from './snapshot-upload.service';
import { SnapshotsError } from './snapshots.errors';
import { RESTORE_POINTS_RESPONSE_SCHEMA, RESTORE_RESPONSE_SCHEMA, SNAPSHOT_UPLOAD_RESPONSE_SCHEMA } from './snapshots.response-schemas';
import { RestorePoint, RestoreResponse, SnapshotUploadResponse } from './snapshots.responses';

/**
 * Full-state uploads, restore points and server-side restore (protocol spec §3.3, §3.6, §3.7).
 * `GET /api/sync/snapshot` is retired and deliberately has no route (404).
 */
@Controller('api/sync')
export class SnapshotsController {
  constructor(
    private readonly uploads: SnapshotUploadService,
    private readonly restores: RestoreService,
  ) {}

  @Post('snapshot')
  @HttpCode(200)
  @RateLimit('syncSnapshot')
  @ApiBody({ type: UploadSnapshotDto, description: 'JSON, optionally `Content-Encoding: gzip`.' })
  @ApiOkResponse({ schema: SNAPSHOT_UPLOAD_RESPONSE_SCHEMA })
  @ApiErrors(SnapshotsError.SyncImportExists, OpsError.StorageQuotaExceeded, OpsError.E2eeRequired, ...JSON_BODY_ERRORS)
  upload(@CurrentUser() user: AuthUser, @OpaqueJsonBody(UploadSnapshotBodyPipe) body: UploadSnapshotDto): Promise<SnapshotUploadResponse> {
    return this.uploads.upload(user.userId, body);
  }

  @Get('restore-points')
  @RateLimit('syncRestorePoints')
  @ApiOkResponse({ schema: RESTORE_POINTS_RESPONSE_SCHEMA })
  @ApiErrors(SnapshotsError.InvalidLimit)
  restorePoints(@CurrentUser() user: AuthUser, @Query() query: RestorePointsQueryDto): Promise<{ restorePoints: RestorePoint[] }> {
    return this.restores.restorePoints(user.userId, query.limit);
  }

  @Get('restore/:serverSeq')
  @RateLimit('syncRestore')
  @ApiOkResponse({ schema: RESTORE_RESPONSE_SCHEMA })
  @ApiErrors(
    SnapshotsError.InvalidServerSeq,
    SnapshotsError.EncryptedOpsNotSupported,
    SnapshotsError.TargetBeyondLatest,
    SnapshotsError.ReplayTooLong,
    SnapshotsError.ReplayIncomplete,
    SnapshotsError.LegacyRepairInRange,
    SnapshotsError.UnreplayableFullState,
    SnapshotsError.StateTooLarge,
  )
  restore(@CurrentUser() user: AuthUser, @Param() params: RestoreParamsDto): Promise<RestoreResponse> {
    return this.restores.restore(user.userId, params.serverSeq);
  }
}

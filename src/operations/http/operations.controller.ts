import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse } from '@nestjs/swagger';
import { ApiErrors, AuthUser, CurrentUser, OpaqueJsonBody, JSON_BODY_ERRORS } from '../../common';
import { RateLimit } from '../../rate-limit';
import { OpsError } from '../operations.errors';
import { DOWNLOAD_OPS_RESPONSE_SCHEMA, UPLOAD_OPS_RESPONSE_SCHEMA } from '../operations.response-schemas';
import { DownloadOpsResponse, UploadOpsResponse } from '../operations.responses';
import { OpsDownloadService } from '../ops-download.service';
import { OpsUploadService } from '../ops-upload.service';
import { DownloadOpsQueryDto } from './dto/download-ops-query.dto';
import { UploadOpsBodyPipe } from './dto/upload-ops-body.pipe';
import { UploadOpsDto } from './dto/upload-ops.dto';

/** The op log over HTTP (protocol spec §3.1, §3.2). */
@Controller('api/sync/ops')
export class OperationsController {
  constructor(
    private readonly uploads: OpsUploadService,
    private readonly downloads: OpsDownloadService,
  ) {}

  @Post()
  @HttpCode(200)
  @RateLimit('syncUploadOps')
  @ApiBody({ type: UploadOpsDto, description: 'JSON, optionally `Content-Encoding: gzip`.' })
  @ApiOkResponse({ schema: UPLOAD_OPS_RESPONSE_SCHEMA })
  @ApiErrors(OpsError.TooManyOps, OpsError.StorageQuotaExceeded, OpsError.RateLimited, OpsError.E2eeRequired, ...JSON_BODY_ERRORS)
  upload(@CurrentUser() user: AuthUser, @OpaqueJsonBody(UploadOpsBodyPipe) body: UploadOpsDto): Promise<UploadOpsResponse> {
    return this.uploads.upload(user.userId, body);
  }

  @Get()
  @RateLimit('syncDownloadOps')
  @ApiOkResponse({ schema: DOWNLOAD_OPS_RESPONSE_SCHEMA })
  download(@CurrentUser() user: AuthUser, @Query() query: DownloadOpsQueryDto): Promise<DownloadOpsResponse> {
    return this.downloads.download(user.userId, query);
  }
}

import { IsOptional, Max, Min } from 'class-validator';
import { IgnoresUnknownFields } from '../../../common';
import { DOWNLOAD_DEFAULT_LIMIT, DOWNLOAD_MAX_LIMIT } from '../../domain/protocol-limits';
import { IsClientId, IsDecimalQueryInt } from './field-rules';

/** GET /api/sync/ops query (§3.2). Other query parameters (cache busters) are ignored. */
@IgnoresUnknownFields()
export class DownloadOpsQueryDto {
  @IsDecimalQueryInt()
  @Min(0)
  sinceSeq!: number;

  @IsOptional()
  @IsDecimalQueryInt()
  @Min(1)
  @Max(DOWNLOAD_MAX_LIMIT)
  limit: number = DOWNLOAD_DEFAULT_LIMIT;

  @IsOptional()
  @IsClientId()
  excludeClient?: string;
}

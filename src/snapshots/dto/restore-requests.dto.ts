import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IgnoresUnknownFields, IsInt4IdText, RefusedWith } from '../../common';
import { SnapshotsError } from '../snapshots.errors';

const DEFAULT_RESTORE_POINTS = 30;
const MAX_RESTORE_POINTS = 100;

/**
 * GET /api/sync/restore-points query (§3.6). `limit` is read like the reference: its leading digits
 * ("5abc" → 5, "1.5" → 1); anything else, or a value outside 1..100, is INVALID_LIMIT. Other query
 * parameters (cache busters) are ignored.
 */
@IgnoresUnknownFields()
@RefusedWith(SnapshotsError.InvalidLimit)
export class RestorePointsQueryDto {
  @Transform(({ value }: { value: unknown }) => (value === undefined ? undefined : Number.parseInt(String(value), 10)))
  @IsInt()
  @Min(1)
  @Max(MAX_RESTORE_POINTS)
  limit: number = DEFAULT_RESTORE_POINTS;
}

/** GET /api/sync/restore/:serverSeq (§3.7): a seq the int4 column can hold; anything else is INVALID_SERVER_SEQ. */
@RefusedWith(SnapshotsError.InvalidServerSeq)
export class RestoreParamsDto {
  @IsInt4IdText()
  serverSeq!: number;
}

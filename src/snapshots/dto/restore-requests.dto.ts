import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IgnoresUnknownFields, RefusedWith } from '../../common';
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

/** GET /api/sync/restore/:serverSeq (§3.7): 1–10 decimal digits, at least 1; anything else is INVALID_SERVER_SEQ. */
@RefusedWith(SnapshotsError.InvalidServerSeq)
export class RestoreParamsDto {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN))
  @IsInt()
  @Min(1)
  serverSeq!: number;
}

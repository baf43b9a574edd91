import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { isInt8IdText } from '../../common';

export class AuditQueryDto {
  /** Events per page: 50 by default; a CSV download without it holds the whole trail. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** `csv`: the same events as a CSV download (opsync-api.md §8). */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format: 'json' | 'csv' = 'json';

  /** Return events older than this event id (the previous page's `nextBefore`). */
  @IsOptional()
  @ValidateBy({
    name: 'isEventId',
    validator: {
      validate: (value) => typeof value === 'string' && isInt8IdText(value),
      defaultMessage: () => 'before must be an event id',
    },
  })
  before?: string;
}

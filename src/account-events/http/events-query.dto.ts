import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { isInt8IdText } from '../../common';

/** `GET /api/events` query (opsync-api.md §7). */
export class EventsQueryDto {
  /** Events with an id above this one; 0 (the default) for all that are kept. */
  @IsOptional()
  @ValidateBy({
    name: 'isEventCursor',
    validator: {
      validate: (value) => value === '0' || (typeof value === 'string' && isInt8IdText(value)),
      defaultMessage: () => 'after must be 0 or an event id',
    },
  })
  after: string = '0';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

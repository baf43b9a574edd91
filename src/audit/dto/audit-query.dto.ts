import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { isInt8IdText } from '../../common';

export class AuditQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

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

import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class AuditQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  /** Return events older than this event id (the previous page's `nextBefore`). */
  @IsOptional()
  @Matches(/^[1-9]\d{0,18}$/, { message: 'before must be an event id' })
  before?: string;
}

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { INT4_MAX } from './column-ranges';

/**
 * A path or query value naming a row of an int4 id column: 1–10 decimal digits within the column's range.
 * Anything else ("1.5", "-1", "1e3", "0x1", 2147483648, repeated parameters) becomes NaN and is refused
 * with the usual 400, before the value can reach the database.
 */
export const IsInt4IdText = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN)),
    IsInt(),
    Min(1),
    Max(INT4_MAX),
  );

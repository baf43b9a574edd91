import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { INT4_MAX } from '../../../../common';
import { IsDecimalQueryInt, OptionalField } from '../../../../operations';
import { NewLogEntry } from '../../append-plan';
import {
  DEFAULT_PAGE_ENTRIES,
  IsClientIndex,
  IsEntryData,
  IsEntryLabel,
  IsLogClientId,
  MAX_ENTRIES_PER_APPEND,
  MAX_PAGE_ENTRIES,
  MAX_SYNC_STATUS_CLIENTS,
} from './log-entry-fields';

/** One entry of an append. */
export class NewLogEntryDto implements NewLogEntry {
  @IsLogClientId()
  clientId!: string;

  /** Chosen by the client, unique per clientId in this log: a re-sent entry is answered with its original seq. */
  @IsClientIndex()
  clientIndex!: number;

  @IsEntryData()
  data!: string;

  @OptionalField()
  @IsEntryLabel()
  nonce?: string;

  /** Opaque to the server, e.g. a hybrid logical clock. */
  @OptionalField()
  @IsEntryLabel()
  clientTimestamp?: string;
}

/** `POST /api/stores/:id/entries` body. */
export class AppendEntriesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ENTRIES_PER_APPEND)
  @ValidateNested({ each: true })
  @Type(() => NewLogEntryDto)
  entries!: NewLogEntryDto[];
}

/** `GET /api/stores/:id/entries` query. */
export class ReadEntriesQueryDto {
  /** Entries with a higher seq are returned; 0 reads from the start. */
  @IsOptional()
  @IsDecimalQueryInt()
  @Min(0)
  @Max(INT4_MAX)
  after: number = 0;

  /** Ignored by the NDJSON stream, which sends every entry. */
  @IsOptional()
  @IsDecimalQueryInt()
  @Min(1)
  @Max(MAX_PAGE_ENTRIES)
  limit: number = DEFAULT_PAGE_ENTRIES;
}

/** One client of a `syncStatus` vector: its entries up to `clientIndex` are known. */
export class KnownClientDto {
  @IsLogClientId()
  clientId!: string;

  @IsClientIndex()
  clientIndex!: number;
}

/** `{ clientId: highestClientIndex }` as it arrives → KnownClientDto[], so each pair is checked by the entry rules. */
const toKnownClients = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown => {
  const vector = obj[key];
  if (typeof vector !== 'object' || vector === null || Array.isArray(vector)) return vector;
  return Object.entries(vector).map(([clientId, clientIndex]) => Object.assign(new KnownClientDto(), { clientId, clientIndex }));
};

/** `POST /api/stores/:id/entries/pull` body. */
export class PullEntriesDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0, maximum: INT4_MAX },
    description: 'clientId → highest clientIndex the client holds; entries of other clients are all returned',
    example: { 'laptop-1': 41, phone: 7 },
  })
  @Transform(toKnownClients)
  @IsArray({ message: 'syncStatus must be an object of clientId → clientIndex' })
  @ArrayMaxSize(MAX_SYNC_STATUS_CLIENTS)
  @ValidateNested({ each: true })
  syncStatus!: KnownClientDto[];

  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_ENTRIES)
  limit: number = DEFAULT_PAGE_ENTRIES;
}

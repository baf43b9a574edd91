import { applyDecorators } from '@nestjs/common';
import { IsBase64, IsInt, IsString, Length, Max, Min, NotEquals, ValidateBy } from 'class-validator';
import { base64DecodedBytes, INT4_MAX } from '../../../../common';
import { IsStorableText } from '../../../../operations';

/** Field rules of the log routes (opsync-api.md §4). */

/** Largest decoded size of an entry's `data`. */
export const MAX_ENTRY_DATA_BYTES = 1024 * 1024;
/** Entries one append may carry. */
export const MAX_ENTRIES_PER_APPEND = 500;
/** Entries one page (GET, pull) may carry; 500 unless the client asks. */
export const MAX_PAGE_ENTRIES = 1000;
export const DEFAULT_PAGE_ENTRIES = 500;
/** Clients one `syncStatus` vector may name. */
export const MAX_SYNC_STATUS_CLIENTS = 1000;

/**
 * Names the request pipeline deletes from every JSON object it validates (prototype pollution guard):
 * as a key of a pull's `syncStatus` they would vanish, and that client's entries would come back on
 * every pull, so no entry may carry them as its clientId.
 */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** A client's id: 1–64 characters PostgreSQL stores exactly (no NUL, no lone surrogate), and no prototype key. */
export const IsLogClientId = () =>
  applyDecorators(
    IsString(),
    Length(1, 64),
    IsStorableText(),
    ...PROTOTYPE_KEYS.map((key) => NotEquals(key, { message: `$property must not be "${key}"` })),
  );

/** A client's own entry number: an integer from 0 that fits the int4 column. */
export const IsClientIndex = () => applyDecorators(IsInt(), Min(0), Max(INT4_MAX));

/** An optional opaque label (nonce, clientTimestamp): at most 64 storable characters. */
export const IsEntryLabel = () => applyDecorators(IsString(), Length(0, 64), IsStorableText());

/** Opaque entry data: padded standard base64 of at most 1 MiB once decoded. */
export const IsEntryData = () =>
  applyDecorators(
    IsString(),
    IsBase64(undefined, { message: '$property must be padded standard base64' }),
    ValidateBy({
      name: 'isEntryDataSize',
      validator: {
        validate: (value) => typeof value === 'string' && base64DecodedBytes(value) <= MAX_ENTRY_DATA_BYTES,
        defaultMessage: () => `$property must decode to at most ${MAX_ENTRY_DATA_BYTES} bytes`,
      },
    }),
  );

import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min, ValidateIf, ValidateBy, ValidationOptions } from 'class-validator';
import { CLIENT_ID_PATTERN } from '../../domain/client-id';
import { isStorableText } from '../../domain/storable-text';

/** Field rules shared by the sync protocol's DTOs (protocol spec §2.1, §2.3). */

/** 1–255 chars of [A-Za-z0-9_-] (one rule with the WebSocket handshake). */
export const IsClientId = () => applyDecorators(IsString(), Matches(CLIENT_ID_PATTERN));

/** 1–64 chars of [A-Za-z0-9_-]. */
export const IsRequestId = () => applyDecorators(IsString(), Length(1, 64), Matches(/^[A-Za-z0-9_-]+$/));

/** A server sequence number sent back by a client: an integer ≥ 0 that fits the 32-bit column. */
export const IsServerSeq = () => applyDecorators(IsInt(), Min(0), Max(2_147_483_647));

/**
 * Optional in the protocol's sense: the field may be absent, but JSON null is a type error (the spec
 * rejects `entityId: null`; class-validator's IsOptional would let it through).
 */
export const OptionalField = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Text PostgreSQL stores unchanged (no NUL, no lone surrogate), so a stored id matches its retry. */
export const IsStorableText = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value) => typeof value !== 'string' || isStorableText(value),
        defaultMessage: () => '$property must be valid UTF-8 text without NUL characters',
      },
    },
    options,
  );

/**
 * A non-negative decimal integer from a query string: "12" → 12; anything else ("", "1.5", "-1",
 * "0x10", repeated parameters) becomes NaN and fails IsInt. Absent stays absent.
 */
export const IsDecimalQueryInt = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      value === undefined ? undefined : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN,
    ),
    IsInt(),
  );

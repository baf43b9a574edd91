import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBase64, IsInt, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { base64DecodedBytes } from '../../../common';

/** Field rules of the key routes (opsync-api.md §6). */

/** Largest decoded size of `encryptedKey`, `salt` and `nonce`. */
export const MAX_KEY_FIELD_BYTES = 1024;
/** The version column is a PostgreSQL integer. */
export const MAX_KEY_VERSION = 2_147_483_647;

/** Client-chosen key name: 1–100 chars of [A-Za-z0-9._-]. */
export const IsKeyId = () =>
  applyDecorators(IsString(), Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: '$property must be 1-100 characters of A-Z a-z 0-9 . _ -' }));

/** A version number: an integer from 1 that fits the column. */
export const IsKeyVersion = () => applyDecorators(IsInt(), Min(1), Max(MAX_KEY_VERSION));

/**
 * A version number from a path or query string: 1–10 decimal digits become a number, anything else
 * ("", "1.5", "-1", "1e3", repeated parameters) NaN, so IsKeyVersion refuses it.
 */
export const IsKeyVersionText = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      value === undefined ? undefined : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN,
    ),
    IsKeyVersion(),
  );

/** Opaque key material: non-empty padded standard base64 of at most 1 KiB once decoded. */
export const IsKeyMaterial = () =>
  applyDecorators(
    IsString(),
    IsBase64(undefined, { message: '$property must be padded standard base64' }),
    ValidateBy({
      name: 'isKeyMaterialSize',
      validator: {
        validate: (value) => typeof value === 'string' && value.length > 0 && base64DecodedBytes(value) <= MAX_KEY_FIELD_BYTES,
        defaultMessage: () => `$property must decode to 1-${MAX_KEY_FIELD_BYTES} bytes`,
      },
    }),
  );

/** `algorithm`, `kdf`: short opaque labels, 1–100 printable ASCII characters. */
export const IsKeyLabel = () =>
  applyDecorators(IsString(), Matches(/^[\x20-\x7e]{1,100}$/, { message: '$property must be 1-100 printable ASCII characters' }));

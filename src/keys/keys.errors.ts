import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from '../common';

/**
 * Errors of the key routes (opsync-api.md §6). Malformed input (keyId pattern, base64 fields, version
 * range, unknown fields) is the pipeline's VALIDATION_FAILED, like every other DTO of the app.
 */
export const KeysError = {
  /** No such key (or version) for this account; another account's key answers exactly the same. */
  KeyNotFound: { status: HttpStatus.NOT_FOUND, code: 'KEY_NOT_FOUND', message: 'Key not found' },
  /** A PUT whose version is not the current one + 1 (1 for a new key); sent with `currentVersion` (0: no key yet). */
  VersionConflict: { status: HttpStatus.CONFLICT, code: 'KEY_VERSION_CONFLICT', message: 'Key version must be the current version + 1' },
  /** Deleting the latest version: data may still be encrypted under it, and a key never loses all its versions. */
  KeyInUse: { status: HttpStatus.CONFLICT, code: 'KEY_IN_USE', message: 'The latest version of a key cannot be deleted' },
} as const satisfies ErrorCatalogue;

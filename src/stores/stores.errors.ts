import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from '../common';

/**
 * Errors of the store routes (opsync-api.md §3, §5). Malformed input is the pipeline's VALIDATION_FAILED,
 * except a malformed store id, which answers STORE_NOT_FOUND like any id the caller may not see.
 */
export const StoresError = {
  /** Unknown, malformed, or another account's store: the same answer, so ids cannot be probed. */
  StoreNotFound: { status: HttpStatus.NOT_FOUND, code: 'STORE_NOT_FOUND', message: 'Store not found' },
  /** A member whose permission is below what the route needs. */
  PermissionDenied: { status: HttpStatus.FORBIDDEN, code: 'PERMISSION_DENIED', message: 'Permission denied' },
  /** The account already has a store of that name; sent with the existing `id`. */
  StoreExists: { status: HttpStatus.CONFLICT, code: 'STORE_EXISTS', message: 'A store of that name exists' },
  /** A write with a stale token; sent with `currentToken` and `currentVersion`, nothing written. */
  TokenMismatch: { status: HttpStatus.CONFLICT, code: 'STORE_TOKEN_MISMATCH', message: 'The store has changed since that token' },
  /** A write without a token (neither If-Match nor body `token`). */
  TokenRequired: {
    status: HttpStatus.PRECONDITION_REQUIRED,
    code: 'TOKEN_REQUIRED',
    message: 'A token (If-Match or body token) is required',
  },
  /** This account turned sync off for the store (PUT …/settings). */
  SyncDisabled: { status: HttpStatus.CONFLICT, code: 'SYNC_DISABLED', message: 'Sync is disabled for this store on this account' },
  /** The last OWN member can neither leave nor be removed. */
  LastOwner: { status: HttpStatus.CONFLICT, code: 'LAST_OWNER', message: 'The last owner cannot be removed' },
  /** Sharing with an email that is no verified account. */
  UserNotFound: { status: HttpStatus.NOT_FOUND, code: 'USER_NOT_FOUND', message: 'No verified account has that email' },
  /** Data above STORE_MAX_BYTES (decoded) or meta above 8 KiB. */
  StoreTooLarge: { status: HttpStatus.PAYLOAD_TOO_LARGE, code: 'STORE_TOO_LARGE', message: 'Store data or meta too large' },
  /** A membership change or removal naming an account that is no member of the store. */
  MemberNotFound: { status: HttpStatus.NOT_FOUND, code: 'MEMBER_NOT_FOUND', message: 'No such member' },
  /** Blob data sent for a log store (its data are entries), or entries for a blob store. */
  KindMismatch: { status: HttpStatus.CONFLICT, code: 'STORE_KIND_MISMATCH', message: 'Not possible for this kind of store' },
} as const satisfies ErrorCatalogue;

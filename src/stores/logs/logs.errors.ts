import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from '../../common';

/**
 * Errors of the log routes (opsync-api.md §4) beyond the stores module's own (STORE_NOT_FOUND,
 * PERMISSION_DENIED, SYNC_DISABLED) and the op log's STORAGE_QUOTA_EXCEEDED, which they share.
 */
export const LogsError = {
  /** An entries route on a blob store the caller may see (a store it may not see is STORE_NOT_FOUND). */
  KindMismatch: {
    status: HttpStatus.CONFLICT,
    code: 'STORE_KIND_MISMATCH',
    message: 'This store is not a log; entries routes need a log store',
  },
} as const satisfies ErrorCatalogue;

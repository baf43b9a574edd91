import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from '../common';

/** Errors of account export and import (opsync-api.md §11). Every import error leaves the account as it was: empty. */
export const TransferError = {
  /** The target account already has sync history (a seq was handed out) or keys: an import never merges. */
  AccountNotEmpty: {
    status: HttpStatus.CONFLICT,
    code: 'ACCOUNT_NOT_EMPTY',
    message: 'An account can be imported only into an empty account (no synced data, no keys)',
  },
  /** A line that is not a valid export line, or one out of place; `line` is its 1-based number. */
  InvalidLine: (line: number, reason: string) => ({
    status: HttpStatus.BAD_REQUEST,
    code: 'IMPORT_INVALID_LINE',
    message: `Line ${line} of the import is invalid: ${reason}`,
  }),
  /** The stream ended before its end line: an export cut short. */
  Incomplete: {
    status: HttpStatus.BAD_REQUEST,
    code: 'IMPORT_INCOMPLETE',
    message: 'The import ended before the end line of the export: it is incomplete',
  },
  /** The account to export disappeared while the export started. */
  AccountGone: { status: HttpStatus.NOT_FOUND, code: 'ACCOUNT_NOT_FOUND', message: 'The account no longer exists' },
} as const satisfies ErrorCatalogue;

import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from '../../common';

/** Errors of the session routes (opsync-api.md §1). Malformed ids and names are the pipeline's VALIDATION_FAILED. */
export const SessionsError = {
  /** No active session of this id for this account; another account's session answers exactly the same. */
  DeviceNotFound: { status: HttpStatus.NOT_FOUND, code: 'DEVICE_NOT_FOUND', message: 'Device not found' },
  /** A `/current` route called with a token issued before sessions existed: it has no session to act on. */
  NoCurrentSession: {
    status: HttpStatus.BAD_REQUEST,
    code: 'NO_CURRENT_SESSION',
    message: 'This token belongs to no session; sign in again to get one',
  },
} as const satisfies ErrorCatalogue;

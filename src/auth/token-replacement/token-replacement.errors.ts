import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../common/api-error';

/**
 * Any internal failure of a token replacement (protocol spec §3.9, accounts spec §3.13): 500 with the
 * spec's fixed body `{ error }`, no errorCode. The app shows the text and does not retry.
 */
export class TokenReplacementFailed extends ApiError {
  constructor() {
    super(HttpStatus.INTERNAL_SERVER_ERROR, undefined, 'Failed to replace token. Please try again.');
  }
}

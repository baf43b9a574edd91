import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { AuthFailureReason } from './auth.errors';

/** 401 with the spec's exact body `{ "error": <reason> }` (no errorCode: the body is fixed). */
export class Unauthorized extends ApiError {
  constructor(reason: AuthFailureReason) {
    super(HttpStatus.UNAUTHORIZED, undefined, reason);
  }
}

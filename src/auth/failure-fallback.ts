import { CallHandler, ExecutionContext, HttpException, HttpStatus, Logger, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { catchError, Observable } from 'rxjs';
import { AuthFlowFailure, authFlowError } from './auth-flows.errors';

/**
 * Accounts spec §2.4: an account route never forwards internal error text; anything unexpected (a
 * database error, a unique conflict on passkey activation) is logged and answered with the route's
 * own fallback message and failure status. Expected errors (validation, the catalogue) pass through.
 */
class FailureFallbackInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AccountFlows');

  constructor(
    private readonly status: HttpStatus,
    private readonly failure: AuthFlowFailure,
  ) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof HttpException) throw error;
        this.logger.error(`${this.failure.code}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        throw authFlowError(this.status, this.failure);
      }),
    );
  }
}

/** The route's answer to an unexpected failure. */
export const OnUnexpectedFailure = (status: HttpStatus, failure: AuthFlowFailure) => UseInterceptors(new FailureFallbackInterceptor(status, failure));

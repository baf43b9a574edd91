import { applyDecorators, CallHandler, ExecutionContext, HttpCode, HttpException, HttpStatus, Logger, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { catchError, Observable } from 'rxjs';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { RateLimitName } from '../rate-limit/rate-limits';
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

export interface AccountRouteOptions {
  /** Status of a success. */
  status: HttpStatus;
  /** The route's own limit (accounts spec §2.5). */
  rateLimit: RateLimitName;
  /** The catalogue answer to an unexpected failure… */
  onFailure: AuthFlowFailure;
  /** …and its status (400 unless the spec gives the route another failure status). */
  failureStatus?: HttpStatus;
}

/** What every account route declares: success status, rate limit, and its answer to the unexpected. */
export const AccountRoute = (options: AccountRouteOptions) =>
  applyDecorators(
    HttpCode(options.status),
    RateLimit(options.rateLimit),
    UseInterceptors(new FailureFallbackInterceptor(options.failureStatus ?? HttpStatus.BAD_REQUEST, options.onFailure)),
  );

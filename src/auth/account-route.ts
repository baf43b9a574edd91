import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpCode,
  HttpException,
  HttpStatus,
  Logger,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiResponse, SchemaObject } from '@nestjs/swagger';
import { catchError, Observable } from 'rxjs';
import { RateLimit, RateLimitName } from '../rate-limit';
import { ApiError, ApiErrors, DocumentedError, ErrorEntry } from '../common';

/**
 * Accounts spec §2.4: an account route never forwards internal error text; anything unexpected (a
 * database error, a unique conflict on passkey activation) is logged and answered with the route's
 * own fallback entry (its message and failure status). Expected errors (validation, the catalogue)
 * pass through. The one place this rule lives: routes declare their fallback, services do not catch.
 */
class FailureFallbackInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AccountFlows');

  constructor(private readonly failure: ErrorEntry) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof HttpException) throw error;
        this.logger.error(
          `${'code' in this.failure ? this.failure.code : this.failure.message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        throw new ApiError(this.failure);
      }),
    );
  }
}

export interface AccountRouteOptions {
  /** Status of a success. */
  status: HttpStatus;
  /** The route's own limit (accounts spec §2.5). */
  rateLimit: RateLimitName;
  /** The catalogue answer to an unexpected failure, with the failure status the spec gives the route. */
  onFailure: ErrorEntry;
  /** The body of a success, for the OpenAPI document. */
  response: SchemaObject;
  /** The catalogue entries the route answers with besides the fallback, for the OpenAPI document. */
  errors?: DocumentedError[];
}

/** What every account route (and replace-token) declares: success status, rate limit, and its answer to the unexpected. */
export const AccountRoute = (options: AccountRouteOptions) =>
  applyDecorators(
    HttpCode(options.status),
    RateLimit(options.rateLimit),
    UseInterceptors(new FailureFallbackInterceptor(options.onFailure)),
    ApiResponse({ status: options.status, schema: options.response }),
    ApiErrors(options.onFailure, ...(options.errors ?? [])),
  );

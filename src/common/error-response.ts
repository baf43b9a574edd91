import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { currentCorrelationId } from '../logging';
import { ApiError, ErrorEntry } from './api-error';
import { PipelineError } from './pipeline.errors';

export interface ErrorResponse {
  status: number;
  body: Record<string, unknown>;
}

const logger = new Logger('Errors');

/** Framework refusals (Nest's unknown route, the throttler) by status, in the pipeline's catalogue. */
const FRAMEWORK_ERRORS: Partial<Record<number, (message: string) => ErrorEntry>> = {
  [HttpStatus.NOT_FOUND]: PipelineError.NotFound,
  [HttpStatus.TOO_MANY_REQUESTS]: PipelineError.TooManyRequests,
};

const PRISMA_ERRORS: Record<string, ErrorEntry> = {
  P2002: PipelineError.Conflict,
  P2025: PipelineError.RowNotFound,
};

/**
 * The one mapping from anything thrown to a response; used by the global filter, the body reader and
 * the WebSocket upgrade. Bodies carry the request's correlation id unless a spec fixes them exactly.
 */
export function toErrorResponse(exception: unknown): ErrorResponse {
  const expected = asApiError(exception);
  if (expected) return { status: expected.getStatus(), body: expected.body(currentCorrelationId()) };
  // Unexpected: log it (with the correlation id the logger adds) and reveal nothing (accounts spec §2.4: exactly this body).
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { statusCode: 500, error: 'Internal Server Error' } };
}

function asApiError(exception: unknown): ApiError | undefined {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
    return new ApiError(FRAMEWORK_ERRORS[status]?.(message) ?? PipelineError.Framework(status, message));
  }
  if (exception instanceof Prisma.PrismaClientKnownRequestError && PRISMA_ERRORS[exception.code])
    return new ApiError(PRISMA_ERRORS[exception.code]);
  return undefined;
}

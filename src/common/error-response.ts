import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { Prisma } from '../generated/prisma/client';
import { ApiError, PipelineError } from './api-error';

export interface ErrorResponse {
  status: number;
  body: Record<string, unknown>;
}

const logger = new Logger('Errors');

/** Framework-style body (`statusCode`, HTTP reason, message) used for 404/413/415/429 by the specs. */
export function frameworkBody(status: number, message: string, errorCode: string): Record<string, unknown> {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, errorCode };
}

const FRAMEWORK_CODES: Record<number, string> = {
  [HttpStatus.NOT_FOUND]: PipelineError.NotFound,
  [HttpStatus.PAYLOAD_TOO_LARGE]: PipelineError.BodyTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: PipelineError.UnsupportedMediaType,
  [HttpStatus.TOO_MANY_REQUESTS]: PipelineError.TooManyRequests,
};

const PRISMA_ERRORS: Record<string, ErrorResponse> = {
  P2002: { status: HttpStatus.CONFLICT, body: { error: 'Conflict', errorCode: PipelineError.Conflict } },
  P2025: { status: HttpStatus.NOT_FOUND, body: { error: 'Not found', errorCode: PipelineError.NotFound } },
};

/** The one mapping from anything thrown to a response; used by the global filter and the body reader. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof ApiError) return { status: exception.getStatus(), body: exception.body() };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
    if (status < 500) return { status, body: frameworkBody(status, message, FRAMEWORK_CODES[status] ?? `HTTP_${status}`) };
  }
  if (exception instanceof Prisma.PrismaClientKnownRequestError && PRISMA_ERRORS[exception.code]) {
    return PRISMA_ERRORS[exception.code];
  }
  // Unexpected: log it (with the correlation id the logger adds) and reveal nothing.
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { statusCode: 500, error: 'Internal Server Error' } };
}

import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An expected failure with a stable machine code: rendered as `{ error, errorCode, ...extra }`.
 * `errorCode` may be omitted only where a spec fixes a body without one.
 */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly errorCode: string | undefined,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message, status);
  }

  body(): Record<string, unknown> {
    return { error: this.message, ...(this.errorCode ? { errorCode: this.errorCode } : {}), ...this.extra };
  }
}

/** Stable codes of the request pipeline (feature modules keep their own in <module>.errors.ts). */
export const PipelineError = {
  /** Body failed DTO validation; `details` lists the issues (omitted in production). */
  ValidationFailed: 'VALIDATION_FAILED',
  /** Body is not parseable JSON (or inflated gzip is not JSON). */
  InvalidJson: 'INVALID_JSON',
  /** Body is JSON but not an object, or nested deeper than the pipeline accepts. */
  InvalidBody: 'INVALID_BODY',
  /** `Content-Encoding: gzip` body that does not inflate. */
  BadGzip: 'INVALID_GZIP',
  /** Raw body over the route's byte limit. */
  BodyTooLarge: 'BODY_TOO_LARGE',
  /** Gzip input (after base64) or inflated output over the route's limit. */
  DecompressedTooLarge: 'DECOMPRESSED_TOO_LARGE',
  /** Content-Encoding other than gzip, or a body of a type other than JSON / form. */
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** IP or route rate limit. */
  TooManyRequests: 'TOO_MANY_REQUESTS',
  /** No such route, or a row that does not exist. */
  NotFound: 'NOT_FOUND',
  /** Unique constraint hit by a concurrent writer. */
  Conflict: 'CONFLICT',
} as const;

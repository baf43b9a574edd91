import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from './api-error';

/**
 * Errors of the request pipeline (body reading, validation, framework answers); feature modules keep
 * theirs in `<module>.errors.ts`. Framework-shaped entries take the framework's own text.
 */
export const PipelineError = {
  /** Body failed DTO validation; `details` lists the issues (omitted in production). */
  ValidationFailed: { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'Validation failed' },
  /** Body is not parseable JSON. */
  InvalidJson: { status: HttpStatus.BAD_REQUEST, code: 'INVALID_JSON', message: 'Invalid JSON body' },
  /** Inflated gzip body is not parseable JSON. */
  InvalidJsonAfterGzip: { status: HttpStatus.BAD_REQUEST, code: 'INVALID_JSON', message: 'Invalid JSON in decompressed body' },
  /** Body is JSON but not an object. */
  NotAnObject: { status: HttpStatus.BAD_REQUEST, code: 'INVALID_BODY', message: 'Request body must be a JSON object' },
  /** Body nested deeper than the pipeline walks. */
  NestedTooDeep: (maxDepth: number) => ({
    status: HttpStatus.BAD_REQUEST,
    code: 'INVALID_BODY',
    message: `Request body is nested deeper than ${maxDepth} levels`,
  }),
  /** `Content-Encoding: gzip` body that does not inflate. */
  BadGzip: { status: HttpStatus.BAD_REQUEST, code: 'INVALID_GZIP', message: 'Failed to decompress gzip body' },
  /** Gzip input (after base64) over the route's limit. */
  CompressedTooLarge: { status: HttpStatus.PAYLOAD_TOO_LARGE, code: 'DECOMPRESSED_TOO_LARGE', message: 'Compressed payload too large' },
  /** Inflated output over the route's limit. */
  DecompressedTooLarge: { status: HttpStatus.PAYLOAD_TOO_LARGE, code: 'DECOMPRESSED_TOO_LARGE', message: 'Decompressed payload too large' },
  /** Raw body over the route's byte limit. */
  BodyTooLarge: (limit: number) =>
    ({
      status: HttpStatus.PAYLOAD_TOO_LARGE,
      code: 'BODY_TOO_LARGE',
      message: `Request body exceeded ${limit} byte limit`,
      body: 'framework',
    }) as const,
  /** The process-wide body budget (BODY_BUDGET_MB) cannot hold this body now; sent with `Retry-After`. */
  BodyBudgetExhausted: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    code: 'BODY_BUDGET_EXHAUSTED',
    message: 'The server is reading too many request bodies at once; retry shortly',
  },
  /** The client went away before its body had arrived (nobody reads the answer; it keeps the log free of 500s). */
  BodyAborted: { status: HttpStatus.BAD_REQUEST, code: 'BODY_ABORTED', message: 'Request body was cut short' },
  /** Content-Encoding other than gzip. */
  UnsupportedEncoding: (encoding: string) =>
    ({
      status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Unsupported Content-Encoding: ${encoding}`,
      body: 'framework',
    }) as const,
  /** A body of a type other than JSON or form. */
  NotJson: {
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Request bodies must be JSON',
    body: 'framework',
  },
  /** IP or route rate limit (the framework's "Rate limit exceeded, retry in …"). */
  TooManyRequests: (message: string) =>
    ({ status: HttpStatus.TOO_MANY_REQUESTS, code: 'TOO_MANY_REQUESTS', message, body: 'framework' }) as const,
  /** A request target no URL parser accepts (e.g. `//x:y@/api/sync/ws`). */
  MalformedUrl: { status: HttpStatus.BAD_REQUEST, code: 'INVALID_URL', message: 'Malformed request URL', body: 'framework' },
  /** No such route or page (the framework's "Cannot GET /…"). */
  NotFound: (message: string) => ({ status: HttpStatus.NOT_FOUND, code: 'NOT_FOUND', message, body: 'framework' }) as const,
  /** Any other framework refusal below 500, under its status. */
  Framework: (status: HttpStatus, message: string) => ({ status, code: `HTTP_${status}`, message, body: 'framework' }) as const,
  /** A row that does not exist (Prisma P2025). */
  RowNotFound: { status: HttpStatus.NOT_FOUND, code: 'NOT_FOUND', message: 'Not found' },
  /** Unique constraint hit by a concurrent writer (Prisma P2002). */
  Conflict: { status: HttpStatus.CONFLICT, code: 'CONFLICT', message: 'Conflict' },
} as const satisfies ErrorCatalogue;

/** What reading a JSON body (optionally gzip) can refuse: listed by every route that takes one, in its OpenAPI errors. */
export const JSON_BODY_ERRORS = [
  PipelineError.InvalidJson,
  PipelineError.BadGzip,
  PipelineError.BodyTooLarge,
  PipelineError.DecompressedTooLarge,
  PipelineError.UnsupportedEncoding,
  PipelineError.BodyBudgetExhausted,
] as const;

import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/**
 * One entry of a module's error catalogue (`<module>.errors.ts`): the HTTP status, the stable code
 * and the text clients see. Texts with parameters are entries built by a function of the catalogue
 * (`SnapshotsError.TargetBeyondLatest(target, latest)`), so every text still lives in one place.
 */
export type ErrorEntry =
  /** `{ error, errorCode, ...extra, correlationId }`: the route-level envelope (protocol spec §1.4). */
  | { readonly status: HttpStatus; readonly code: string; readonly message: string; readonly body?: undefined }
  /** `{ statusCode, error: <reason>, message, errorCode, correlationId }`: framework errors (404, 413, 415, 429). */
  | { readonly status: HttpStatus; readonly code: string; readonly message: string; readonly body: 'framework' }
  /** `{ error }` and nothing else: a spec fixes the body exactly (the 401 reasons, replace-token's 500). */
  | { readonly status: HttpStatus; readonly message: string; readonly body: 'exact' };

/** What a `<module>.errors.ts` exports: entries, and functions building the entries whose text has parameters. */
export type ErrorCatalogue = Record<string, ErrorEntry | ((...args: never[]) => ErrorEntry)>;

/** Framework-style body (`statusCode`, HTTP reason, message) used for 404/413/415/429 by the specs. */
function frameworkBody(status: number, message: string, errorCode: string): Record<string, unknown> {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, errorCode };
}

/** The one way an expected failure leaves a route: an entry of a module's catalogue, plus the fields its spec adds. */
export class ApiError extends HttpException {
  constructor(
    readonly entry: ErrorEntry,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(entry.message, entry.status);
  }

  /** The response body; `correlationId` (the request's, for support) goes into every body a spec does not fix exactly. */
  body(correlationId?: string): Record<string, unknown> {
    const entry = this.entry;
    if (entry.body === 'exact') return { error: entry.message };
    const traced = correlationId === undefined ? {} : { correlationId };
    if (entry.body === 'framework') return { ...frameworkBody(entry.status, entry.message, entry.code), ...this.extra, ...traced };
    return { error: entry.message, errorCode: entry.code, ...this.extra, ...traced };
  }
}

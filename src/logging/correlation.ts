import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-request-id';
const storage = new AsyncLocalStorage<string>();
const ACCEPTABLE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The current request's correlation id, for log lines written anywhere below the request. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/**
 * Gives each request a correlation id (the caller's X-Request-Id when it is sane, else a new UUID),
 * echoes it in the response header and makes it visible to every log line of the request.
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(CORRELATION_HEADER);
  const id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(CORRELATION_HEADER, id);
  storage.run(id, next);
}

import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AsyncResource } from 'node:async_hooks';

const logger = new Logger('HTTP');

/** One line per request: method, path without query string (tokens travel there), status, duration. */
export function requestLogMiddleware(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  // Bound to this request's async context, so the line carries its correlation id.
  res.once(
    'finish',
    AsyncResource.bind(() => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.log(`${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode} ${ms.toFixed(1)}ms`);
    }),
  );
  next();
}

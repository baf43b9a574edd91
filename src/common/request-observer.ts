import type { Request, Response } from 'express';

/**
 * Told of every request as it enters the pipeline, before anything can answer it (the metrics module
 * records route, status and duration once the response has finished). An abstract class in common,
 * bound by the metrics module, so the pipeline does not depend on metrics.
 */
export abstract class RequestObserver {
  abstract observe(req: Request, res: Response): void;
}

import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import { RequestObserver } from '../common';
import { METRICS_PATH } from './metrics-path';

type HttpLabel = 'method' | 'route' | 'status';

/** The route label of a request no route matched (404s, bodies refused before routing): raw URLs would explode the series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Up to the server's 80 s request timeout: uploads and restores of large states take seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 80];

/** HTTP requests by method, route template (`/api/sync/ops`, never the raw URL) and status, counted and timed. */
@Injectable()
export class HttpMetrics extends RequestObserver {
  private readonly requests: Counter<HttpLabel>;
  private readonly duration: Histogram<HttpLabel>;

  constructor(registry: Registry) {
    super();
    const labelNames: HttpLabel[] = ['method', 'route', 'status'];
    this.requests = new Counter({
      name: 'opsync_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'opsync_http_request_duration_seconds',
      help: 'Time from the first middleware to the last byte of the response, by method, route template and status',
      labelNames,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  }

  observe(req: Request, res: Response): void {
    const stop = this.duration.startTimer();
    // A request the client abandoned never finishes and is not counted: it has no status.
    res.once('finish', () => {
      const route = routeTemplate(req);
      if (route === METRICS_PATH) return; // scrapes are not traffic
      const labels = { method: req.method, route, status: String(res.statusCode) };
      this.requests.inc(labels);
      stop(labels);
    });
  }
}

/** The Express route path the request matched (what Nest registered), read when the response is done. */
function routeTemplate(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  return route?.path === undefined ? UNMATCHED_ROUTE : `${req.baseUrl}${String(route.path)}`;
}

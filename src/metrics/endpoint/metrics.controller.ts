import { Controller, Get, Headers, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, bearerToken, Public } from '../../common';
import { AppConfig } from '../../config';
import { NoRateLimit } from '../../rate-limit';
import { MetricsError } from '../metrics.errors';
import { METRICS_PATH } from '../metrics-path';
import { MetricsExposition } from './metrics-exposition';
import { metricsTokenMatches } from './metrics-token';

/**
 * GET /metrics on the main port (opsync-api.md §11), mounted only when METRICS_TOKEN is set. Open to
 * the access-token guard (the metrics token is its own credential) and never rate-limited: Prometheus
 * scrapes every few seconds from one address. The token's 32-character minimum is what stops guessing.
 */
@Controller(METRICS_PATH)
@Public()
@NoRateLimit()
export class MetricsController {
  constructor(
    private readonly config: AppConfig,
    private readonly exposition: MetricsExposition,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    if (!metricsTokenMatches(bearerToken(authorization), this.config.metrics.token!)) throw new ApiError(MetricsError.TokenRequired);
    const body = await this.exposition.render();
    // end(), not send(): Express would rewrite the content type Prometheus expects.
    res.status(200).setHeader('Content-Type', this.exposition.contentType).end(body);
  }
}

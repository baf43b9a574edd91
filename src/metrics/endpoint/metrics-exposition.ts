import { Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { processMetrics } from './process-metrics';

/** The Prometheus text of this app's metrics and the process metrics, as one scrape answer. */
@Injectable()
export class MetricsExposition {
  private readonly process = processMetrics();

  constructor(private readonly app: Registry) {}

  get contentType(): string {
    return this.app.contentType;
  }

  /** Merged at each scrape, so metrics registered after this service was built are included too. */
  render(): Promise<string> {
    return Registry.merge([this.app, this.process]).metrics();
  }
}

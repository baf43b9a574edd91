import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../config';
import { MetricsController } from './metrics.controller';
import { MetricsExposition } from './metrics-exposition';
import { MetricsPortServer } from './metrics-port.server';

/**
 * Serves the metrics of MetricsModule, in the HTTP app only (an operator script must not open a port):
 * GET /metrics on the main port when METRICS_TOKEN is set, the 127.0.0.1 listener when METRICS_PORT is.
 * With neither, nothing is served and /metrics is an unknown route (404).
 */
@Module({})
export class MetricsEndpointModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { token, port } = config.metrics;
    if (token === undefined && port === undefined) return { module: MetricsEndpointModule };
    return {
      module: MetricsEndpointModule,
      controllers: token === undefined ? [] : [MetricsController],
      providers: [MetricsExposition, ...(port === undefined ? [] : [MetricsPortServer])],
      exports: port === undefined ? [] : [MetricsPortServer],
    };
  }
}

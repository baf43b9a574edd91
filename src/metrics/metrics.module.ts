import { Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { RequestObserver } from '../common';
import { ConnectionsGauge } from './connections.gauge';
import { HttpMetrics } from './http-metrics';
import { InstanceGauges } from './instance-gauges';
import { SyncMetrics } from './sync-metrics';

/**
 * The app's metrics, in a registry of its own: tests run several apps in one process, and prom-client's
 * global registry would refuse the second app's metrics. Global, like the other core modules, so
 * features report through SyncMetrics and ConnectionsGauge without importing it. Serving them is
 * MetricsEndpointModule's job (the HTTP app only).
 */
@Global()
@Module({
  providers: [
    { provide: Registry, useFactory: () => new Registry() },
    ConnectionsGauge,
    HttpMetrics,
    { provide: RequestObserver, useExisting: HttpMetrics },
    InstanceGauges,
    SyncMetrics,
  ],
  exports: [Registry, ConnectionsGauge, RequestObserver, SyncMetrics],
})
export class MetricsModule {}

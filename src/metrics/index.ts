/**
 * Prometheus metrics (opsync-api.md §11): MetricsModule (core, global) holds this app's registry and
 * what features report to (SyncMetrics, ConnectionsGauge); MetricsEndpointModule serves it.
 */
export { ConnectionsGauge } from './connections.gauge';
export { MetricsEndpointModule } from './endpoint/metrics-endpoint.module';
export { MetricsModule } from './metrics.module';
export { SyncMetrics } from './sync-metrics';

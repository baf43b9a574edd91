/** GET /health, and the gauge of open sockets it reports (the events module counts them). */
export { ConnectionsGauge } from './connections.gauge';
export { HealthModule } from './health.module';

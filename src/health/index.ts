/** GET /health: liveness, the database check and the open-socket count (ConnectionsGauge, kept in metrics). */
export { HealthModule } from './health.module';

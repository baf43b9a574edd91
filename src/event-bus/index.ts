/** Cross-instance events over PostgreSQL NOTIFY: the publishing side and the event contract (events/ listens). */
export { EventBusModule } from './event-bus.module';
export { EventBus } from './event-bus';
export { EVENTS_CHANNEL } from './server-events';
export type { ServerEvent } from './server-events';

/** The event feed's front door: other modules record their events through AccountEventsService. */
export { AccountEventType } from './account-event';
export type { AccountEventInput } from './account-event';
export { AccountEventsModule } from './account-events.module';
export { AccountEventsService, EVENT_RETENTION_MS } from './account-events.service';

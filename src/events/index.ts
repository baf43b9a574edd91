/** The sync WebSocket (protocol spec §5) and this instance's LISTEN side of the event bus. */
export { EventsModule } from './events.module';

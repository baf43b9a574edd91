import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EVENTS_CHANNEL, ServerEvent } from '../../src/event-bus/server-events';
import { waitUntil } from './waiting';

/** The test's own notifications on the channel; the app ignores them (no userId, unknown type). */
const MARKER_TYPE = 'test_marker';

/** LISTENs on the cross-instance event channel of a test database and keeps what it hears. */
export class EventListener {
  readonly heard: ServerEvent[] = [];
  private readonly markers = new Set<string>();

  private constructor(private readonly client: Client) {}

  static async start(databaseUrl: string): Promise<EventListener> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const listener = new EventListener(client);
    client.on('notification', (n) => listener.receive(JSON.parse(n.payload!)));
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    return listener;
  }

  /**
   * Resolves once every event committed before the call has been heard: NOTIFYs a marker and waits for
   * it. PostgreSQL delivers notifications in commit order, so an event committed earlier arrived before
   * the marker, and one that has not arrived by then was never published.
   */
  async caughtUp(): Promise<void> {
    const id = randomUUID();
    await this.client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify({ type: MARKER_TYPE, id })]);
    await waitUntil(() => this.markers.has(id), `the marker notification ${id}`);
  }

  /** The events published while `action` ran: caught up before it (earlier events are not its) and after it. */
  async during(action: () => Promise<unknown>): Promise<ServerEvent[]> {
    await this.caughtUp();
    const from = this.heard.length;
    await action();
    await this.caughtUp();
    return this.heard.slice(from);
  }

  stop(): Promise<void> {
    return this.client.end();
  }

  private receive(message: ServerEvent | { type: typeof MARKER_TYPE; id: string }): void {
    if (message.type === MARKER_TYPE) this.markers.add(message.id);
    else this.heard.push(message);
  }
}

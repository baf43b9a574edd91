import { Client } from 'pg';
import { EVENTS_CHANNEL, ServerEvent } from '../../src/event-bus/server-events';

/** LISTENs on the cross-instance event channel of a test database and keeps what it hears. */
export class EventListener {
  readonly heard: ServerEvent[] = [];

  private constructor(private readonly client: Client) {}

  static async start(databaseUrl: string): Promise<EventListener> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const listener = new EventListener(client);
    client.on('notification', (n) => listener.heard.push(JSON.parse(n.payload!)));
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    return listener;
  }

  /** NOTIFY arrives asynchronously after the commit; give it a moment. */
  settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 150));
  }

  stop(): Promise<void> {
    return this.client.end();
  }
}

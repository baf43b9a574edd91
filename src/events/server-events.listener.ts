import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '../config';
import { EVENTS_CHANNEL } from '../event-bus';
import { ServerEventsDispatcher } from './server-events.dispatcher';

/** Shown in pg_stat_activity, so operators (and tests) can find the listening connection. */
export const LISTENER_APPLICATION_NAME = 'opsync-events-listener';
const RECONNECT_FIRST_DELAY_MS = 250;
const RECONNECT_MAX_DELAY_MS = 30_000;

/**
 * This instance's ear on EVENTS_CHANNEL: one dedicated PostgreSQL connection (LISTEN cannot share
 * Prisma's pool, whose connections come and go). When it drops, it reconnects with exponential
 * backoff; once back, the dispatcher re-checks the sockets' tokens for revocations missed meanwhile.
 */
@Injectable()
export class ServerEventsListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ServerEventsListener.name);
  private client?: Client;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private listenedBefore = false;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dispatcher: ServerEventsDispatcher,
  ) {}

  /** Awaited, so an app is listening once init() returns; a failure only delays listening (retries). */
  onApplicationBootstrap(): Promise<void> {
    return this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: LISTENER_APPLICATION_NAME });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (!this.stopped) this.retryLater(error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL && message.payload) this.dispatcher.dispatch(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    if (this.listenedBefore) {
      this.logger.log(`Listening on ${EVENTS_CHANNEL} again`);
      await this.dispatcher.recheckTokens();
    }
    this.listenedBefore = true;
  }

  private retryLater(error?: Error): void {
    const delay = Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_FIRST_DELAY_MS * 2 ** this.failures);
    this.failures += 1;
    this.logger.warn(`Lost the ${EVENTS_CHANNEL} listener connection (${error?.message ?? 'closed'}); retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => void this.listen(), delay);
  }
}

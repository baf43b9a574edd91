import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../database';
import { EVENTS_CHANNEL, ServerEvent } from './server-events';

/**
 * Publishes ServerEvents to every instance through PostgreSQL NOTIFY. Called with a transaction
 * client, PostgreSQL delivers the event only if and when that transaction commits, so listeners
 * never hear about data they cannot read yet.
 */
@Injectable()
export class EventBus {
  constructor(private readonly prisma: PrismaService) {}

  async publish(event: ServerEvent, db: Db = this.prisma): Promise<void> {
    await db.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
  }
}

import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';

/** The publishing side of cross-instance events; the events module holds the listener and sockets. */
@Global()
@Module({ providers: [EventBus], exports: [EventBus] })
export class EventBusModule {}

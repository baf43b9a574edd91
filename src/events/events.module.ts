import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { RateLimitModule } from '../rate-limit';
import { NewOpsNotifier } from './new-ops-notifier';
import { ServerEventsDispatcher } from './server-events.dispatcher';
import { ServerEventsListener } from './server-events.listener';
import { SocketAuthenticator } from './socket-authenticator';
import { SocketHeartbeat } from './socket-heartbeat';
import { SocketRegistry } from './socket-registry';
import { SOCKET_TIMING, SYNC_SOCKET_TIMING } from './socket-timing';
import { SyncSocketGateway } from './sync-socket.gateway';
import { UpgradeRateLimiter } from './upgrade-rate-limiter';

/**
 * WebSocket notifications (protocol spec §5): the sync socket of this instance, and the LISTEN side of
 * the cross-instance events that EventBus (EventBusModule) publishes. Override SOCKET_TIMING to run
 * the heartbeat and reconnect clocks faster (tests).
 */
@Module({
  imports: [AuthModule, RateLimitModule],
  providers: [
    { provide: SOCKET_TIMING, useValue: SYNC_SOCKET_TIMING },
    SocketRegistry,
    SocketAuthenticator,
    SocketHeartbeat,
    NewOpsNotifier,
    ServerEventsDispatcher,
    ServerEventsListener,
    UpgradeRateLimiter,
    SyncSocketGateway,
  ],
})
export class EventsModule {}

import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SocketRegistry } from './socket-registry';
import { SOCKET_TIMING, SocketTiming } from './socket-timing';

/**
 * Liveness of the sync sockets (protocol spec §5.2): one timer for the instance. At each tick a socket
 * whose last pong is older than the liveness timeout is dropped; every other one is pinged. The app
 * closes a socket that hears nothing for 45 s, so the app-level ping is what keeps it open.
 */
@Injectable()
export class SocketHeartbeat implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly registry: SocketRegistry,
    @Inject(SOCKET_TIMING) private readonly timing: SocketTiming,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(Date.now()), this.timing.pingIntervalMs);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private tick(now: number): void {
    for (const socket of this.registry.all()) {
      if (now - socket.lastPongAt > this.timing.livenessTimeoutMs) {
        this.registry.remove(socket);
        socket.terminate();
      } else {
        socket.ping(now);
      }
    }
  }
}

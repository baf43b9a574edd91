import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ServerEvent } from '../event-bus';
import { SocketRegistry } from './socket-registry';

/** Protocol spec §5.3: notifications wait this long for further uploads of the same user. */
export const NEW_OPS_DEBOUNCE_MS = 100;

export type NewOpsEvent = Extract<ServerEvent, { type: 'new_ops' }>;

interface PendingNotification {
  timer: NodeJS.Timeout;
  latestSeq: number;
  /** Every uploader of the window: none of their sockets (all tabs sharing the clientId) is told. */
  excluded: Set<string>;
}

/**
 * Tells a user's sockets on this instance that new ops exist, debounced per user (protocol spec
 * §5.3): a trigger inside the window restarts it, takes the newest latestSeq and adds its uploader to
 * the exclusion set; when the window ends, one `new_ops` goes to every socket not excluded.
 */
@Injectable()
export class NewOpsNotifier implements OnModuleDestroy {
  private readonly pending = new Map<number, PendingNotification>();

  constructor(private readonly registry: SocketRegistry) {}

  trigger(event: NewOpsEvent): void {
    const earlier = this.pending.get(event.userId);
    if (earlier) clearTimeout(earlier.timer);
    this.pending.set(event.userId, {
      timer: setTimeout(() => this.flush(event.userId), NEW_OPS_DEBOUNCE_MS),
      latestSeq: event.latestSeq,
      excluded: new Set([...(earlier?.excluded ?? []), event.excludeClientId]),
    });
  }

  onModuleDestroy(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private flush(userId: number): void {
    const notification = this.pending.get(userId);
    if (!notification) return;
    this.pending.delete(userId);
    const message = { type: 'new_ops', latestSeq: notification.latestSeq, timestamp: Date.now() } as const;
    for (const socket of this.registry.socketsOf(userId)) {
      if (!notification.excluded.has(socket.clientId)) socket.send(message);
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { ConnectionsGauge } from '../metrics';
import { CloseFrame, SocketCloses } from './socket-close-codes';
import { SOCKET_TIMING, SocketTiming } from './socket-timing';
import { SyncSocket } from './sync-socket';

/** Protocol spec §5.1: a user's eleventh socket is refused. Counted per instance, like the sockets themselves. */
export const MAX_SOCKETS_PER_USER = 10;

/**
 * The accepted sync sockets of this instance, by user. Sockets are per instance by nature; what other
 * instances must know travels as ServerEvents. Keeps ConnectionsGauge (/health, /metrics) in step.
 */
@Injectable()
export class SocketRegistry {
  private readonly byUser = new Map<number, Set<SyncSocket>>();
  private closeOrderCount = 0;

  constructor(
    private readonly gauge: ConnectionsGauge,
    @Inject(SOCKET_TIMING) private readonly timing: SocketTiming,
  ) {}

  /**
   * How many "close the user's sockets" orders this instance has carried out. A handshake that sees it
   * change while the token was being checked checks again: the order may have revoked that very token.
   */
  get closeOrders(): number {
    return this.closeOrderCount;
  }

  /**
   * The admission rules of protocol spec §5.1, in their order: a reconnect of a clientId inside its
   * sliding cooldown is refused, a later one replaces the incumbent, and a user's eleventh socket is
   * refused. Returns how to close the candidate, or undefined once it is registered.
   */
  admit(candidate: SyncSocket, now: number): CloseFrame | undefined {
    const sockets = this.socketsOf(candidate.userId);
    const incumbent = sockets.find((socket) => socket.clientId === candidate.clientId && socket.isOpen);
    if (incumbent && now < incumbent.cooldownUntil) {
      incumbent.cooldownUntil = now + this.timing.reconnectCooldownMs;
      return SocketCloses.ReconnectingTooFast;
    }
    if (incumbent) {
      this.closeSocket(incumbent, SocketCloses.Replaced);
    } else if (sockets.length >= MAX_SOCKETS_PER_USER) {
      return SocketCloses.TooManyConnections;
    }
    candidate.cooldownUntil = now + this.timing.reconnectCooldownMs;
    const userSockets = this.byUser.get(candidate.userId) ?? new Set<SyncSocket>();
    userSockets.add(candidate);
    this.byUser.set(candidate.userId, userSockets);
    this.gauge.opened();
    return undefined;
  }

  /** Forgets a socket (idempotent: called when it closes, whoever closed it). */
  remove(socket: SyncSocket): void {
    const userSockets = this.byUser.get(socket.userId);
    if (!userSockets?.delete(socket)) return;
    if (userSockets.size === 0) this.byUser.delete(socket.userId);
    this.gauge.closed();
  }

  socketsOf(userId: number): SyncSocket[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  all(): SyncSocket[] {
    return [...this.byUser.values()].flatMap((sockets) => [...sockets]);
  }

  /** Forgets the socket at once (its slot is free for the next connection) and closes it. */
  closeSocket(socket: SyncSocket, close: CloseFrame): void {
    this.remove(socket);
    socket.close(close);
  }

  /**
   * A client_connected announcement: the socket it names is now the clientId's one; the clientId's
   * sockets announced before it, on this instance, are replaced (4009).
   */
  replaceClient(userId: number, clientId: string, socketId: string): void {
    for (const socket of this.socketsOf(userId)) {
      if (socket.clientId !== clientId) continue;
      if (socket.id === socketId) socket.announced = true;
      else if (socket.announced) this.closeSocket(socket, SocketCloses.Replaced);
    }
  }

  /** A close_sockets order: every socket of the user on this instance, or only those of one session. */
  closeUser(userId: number, close: CloseFrame, sessionId?: string): void {
    this.closeOrderCount += 1;
    for (const socket of this.socketsOf(userId)) {
      if (sessionId === undefined || socket.sessionId === sessionId) this.closeSocket(socket, close);
    }
  }
}

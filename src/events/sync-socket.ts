import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { CloseFrame } from './socket-close-codes';
import { ServerMessage } from './socket-messages';

/** An accepted sync socket of this instance: who it belongs to and its liveness and reconnect clocks. */
export class SyncSocket {
  /** Last app-level `pong` or protocol pong frame; starts at acceptance (protocol spec §5.2). */
  lastPongAt: number;
  /** Until then another socket with this clientId is refused; each refusal pushes it further (§5.1). */
  cooldownUntil = 0;
  /** Names it in its client_connected announcement, heard by every instance. */
  readonly id = randomUUID();
  /**
   * Set when this instance hears its own announcement. Announcements arrive on every instance in one
   * order, so a later one replaces exactly the sockets announced before it, and two sockets of one
   * clientId accepted at once on two instances leave the later one open, not neither.
   */
  announced = false;

  constructor(
    private readonly ws: WebSocket,
    readonly userId: number,
    readonly clientId: string,
    /** The session of its token (null for a token without one): revoking the session closes the socket. */
    readonly sessionId: string | null,
    /** Kept to check the socket again when this instance may have missed a revocation. */
    readonly token: string,
    acceptedAt: number,
  ) {
    this.lastPongAt = acceptedAt;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(message: ServerMessage): void {
    if (this.isOpen) this.ws.send(JSON.stringify(message));
  }

  /** The app-level ping the client needs to see traffic, plus a protocol ping frame for proxies and the pong clock. */
  ping(now: number): void {
    if (!this.isOpen) return;
    this.send({ type: 'ping', timestamp: now });
    this.ws.ping();
  }

  close({ code, reason }: CloseFrame): void {
    this.ws.close(code, reason);
  }

  /** For a peer that stopped answering: no closing handshake to wait for. */
  terminate(): void {
    this.ws.terminate();
  }
}

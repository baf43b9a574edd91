import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { isAuthFailure } from '../auth';
import { ApiError, AuthUser, PipelineError, toErrorResponse } from '../common';
import { EventBus } from '../event-bus';
import { isClientId } from '../operations';
import { SocketAuthenticator } from './socket-authenticator';
import { CloseFrame, SocketCloses } from './socket-close-codes';
import { isPongMessage } from './socket-messages';
import { SocketRegistry } from './socket-registry';
import { SyncSocket } from './sync-socket';
import { UpgradeRateLimiter } from './upgrade-rate-limiter';
import { refuseUpgrade } from './upgrade-refusal';

export const SYNC_SOCKET_PATH = '/api/sync/ws';
/** Protocol spec §5.1: larger inbound frames make `ws` close the socket (1009) without reading them. */
const MAX_INBOUND_MESSAGE_BYTES = 1024;
/** How long shutdown waits for clients to acknowledge the 1001 close before cutting them off. */
const SHUTDOWN_GRACE_MS = 1000;

/**
 * The sync socket `GET /api/sync/ws?token=…&clientId=…` (protocol spec §5).
 *
 * Built on `ws` attached to the HTTP server's `upgrade` event rather than on @nestjs/platform-ws: the
 * spec wants a rate-limit 429 answered *before* the upgrade and the auth checks *after* it as close
 * codes, which a raw upgrade handler gives directly, where a gateway would need a custom adapter
 * installed in configureApp. It works on any Nest app once init() ran (main.ts and e2e tests alike).
 */
@Injectable()
export class SyncSocketGateway implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SyncSocketGateway.name);
  private readonly sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_INBOUND_MESSAGE_BYTES });
  private server?: Server;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    void this.upgrade(req, socket, head).catch((error: unknown) => {
      this.logUnexpected('upgrade', error);
      socket.destroy();
    });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly limiter: UpgradeRateLimiter,
    private readonly authenticator: SocketAuthenticator,
    private readonly registry: SocketRegistry,
    private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    const server: Server = this.adapterHost.httpAdapter.getHttpServer();
    server.on('upgrade', this.onUpgrade);
    this.server = server;
  }

  /** Protocol spec §5.3: shutdown closes every socket (handshakes in progress included) with 1001. */
  async beforeApplicationShutdown(): Promise<void> {
    this.server?.off('upgrade', this.onUpgrade);
    await Promise.all([...this.sockets.clients].map((ws) => closeWithin(ws, SocketCloses.ServerShutdown, SHUTDOWN_GRACE_MS)));
    this.sockets.close();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // A target that is no URL (`//x:y@/…`) is a client error: counted by the limiter below, then refused with 400.
    const url = URL.parse(req.url ?? '/', 'http://localhost');
    if (url && url.pathname !== SYNC_SOCKET_PATH) {
      // Another upgrade listener may own that path; with none, nobody would ever answer the client.
      if (this.server?.listenerCount('upgrade') === 1) refuseUpgrade(socket, 404, new ApiError(PipelineError.NotFound('Not Found')).body());
      return;
    }
    // Node hands the socket over without an error listener; a client vanishing now must not crash us.
    const ignoreError = () => undefined;
    socket.on('error', ignoreError);
    const clientId = url?.searchParams.get('clientId') ?? null;
    try {
      const refusal = await this.limiter.consume(req, isClientId(clientId) ? clientId : undefined);
      if (refusal) return refuseUpgrade(socket, refusal.status, refusal.body, refusal.headers);
    } catch (error) {
      const { status, body } = toErrorResponse(error);
      return refuseUpgrade(socket, status, body);
    }
    if (!url) {
      const refusal = new ApiError(PipelineError.MalformedUrl);
      return refuseUpgrade(socket, refusal.entry.status, refusal.body());
    }
    socket.off('error', ignoreError);
    if (socket.destroyed) return;
    this.sockets.handleUpgrade(req, socket, head, (ws) => {
      this.accept(ws, url.searchParams).catch((error: unknown) => {
        this.logUnexpected('handshake', error);
        closeWith(ws, SocketCloses.InternalError);
      });
    });
  }

  /**
   * The checks of protocol spec §5.1, in order, then the admission rules and the `connected` greeting.
   * Anything unexpected (e.g. the database failing the token check) rejects, and the socket gets 1011.
   */
  private async accept(ws: WebSocket, query: URLSearchParams): Promise<void> {
    ws.on('error', (error) => this.logger.debug(`Sync socket error: ${error.message}`));
    const token = query.get('token');
    const clientId = query.get('clientId');
    if (!token) return closeWith(ws, SocketCloses.MissingToken);
    if (!isClientId(clientId)) return closeWith(ws, SocketCloses.InvalidClientId);
    let user: AuthUser;
    try {
      user = await this.authenticator.authenticate(token);
    } catch (error) {
      if (isAuthFailure(error)) return closeWith(ws, SocketCloses.InvalidToken);
      throw error;
    }
    if (ws.readyState !== WebSocket.OPEN) return;

    const now = Date.now();
    const socket = new SyncSocket(ws, user.userId, clientId, user.sessionId, token, now);
    const refusal = this.registry.admit(socket, now);
    if (refusal) return closeWith(ws, refusal);
    ws.on('close', () => this.registry.remove(socket));
    ws.on('pong', () => (socket.lastPongAt = Date.now()));
    ws.on('message', (data, isBinary) => {
      if (isPongMessage(data, isBinary)) socket.lastPongAt = Date.now();
    });
    // admit() replaced an incumbent of this instance; the announcement reaches those of the others.
    await this.events.publish({ type: 'client_connected', userId: user.userId, clientId, socketId: socket.id });
    socket.send({ type: 'connected', userId: user.userId, timestamp: now });
  }

  private logUnexpected(stage: string, error: unknown): void {
    this.logger.error(`Sync socket ${stage} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

function closeWith(ws: WebSocket, { code, reason }: CloseFrame): void {
  ws.close(code, reason);
}

/** Closes politely, then cuts off a client that has not completed the closing handshake in time. */
function closeWithin(ws: WebSocket, close: CloseFrame, graceMs: number): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const deadline = setTimeout(() => ws.terminate(), graceMs);
    ws.once('close', () => {
      clearTimeout(deadline);
      resolve();
    });
    closeWith(ws, close);
  });
}

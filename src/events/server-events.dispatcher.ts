import { Injectable, Logger } from '@nestjs/common';
import { AccessTokenVerifier, isAuthFailure } from '../auth';
import { ServerEvent } from '../event-bus';
import { NewOpsNotifier } from './new-ops-notifier';
import { SocketCloses } from './socket-close-codes';
import { SocketRegistry } from './socket-registry';

/** Acts on a ServerEvent heard from PostgreSQL, for the sockets of this instance. */
@Injectable()
export class ServerEventsDispatcher {
  private readonly logger = new Logger(ServerEventsDispatcher.name);

  constructor(
    private readonly notifier: NewOpsNotifier,
    private readonly registry: SocketRegistry,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  dispatch(payload: string): void {
    const event = parseServerEvent(payload);
    if (event?.type === 'new_ops') this.notifier.trigger(event);
    else if (event?.type === 'client_connected') this.registry.replaceClient(event.userId, event.clientId, event.socketId);
    else if (event?.type === 'close_sockets')
      this.registry.closeUser(event.userId, { code: event.code, reason: event.reason }, event.sessionId);
  }

  /**
   * After a gap in listening, close_sockets orders may have been missed: every socket's token is
   * checked again and the sockets whose token no longer passes are closed as the handshake would.
   */
  async recheckTokens(): Promise<void> {
    for (const socket of this.registry.all()) {
      try {
        await this.verifier.verify(socket.token);
      } catch (error) {
        if (isAuthFailure(error)) this.registry.closeSocket(socket, SocketCloses.InvalidToken);
        else this.logger.warn(`Could not re-check a socket's token: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** Our own publishers' JSON, checked anyway: an instance of another version may share the channel. */
function parseServerEvent(payload: string): ServerEvent | undefined {
  let event: Record<string, unknown> | null;
  try {
    event = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof event !== 'object' || event === null || !Number.isSafeInteger(event.userId)) return undefined;
  const complete =
    event.type === 'new_ops'
      ? Number.isSafeInteger(event.latestSeq) && typeof event.excludeClientId === 'string'
      : event.type === 'close_sockets'
        ? Number.isInteger(event.code) &&
          typeof event.reason === 'string' &&
          (event.sessionId === undefined || typeof event.sessionId === 'string')
        : event.type === 'client_connected'
          ? typeof event.clientId === 'string' && typeof event.socketId === 'string'
          : false;
  return complete ? (event as unknown as ServerEvent) : undefined;
}

import { Injectable, Logger } from '@nestjs/common';
import { EventBus } from '../../event-bus';
import { SessionsService } from '../../devices';
import { PrismaService } from '../../database';
import { ApiError, AuthUser, ClientContext } from '../../common';
import { AuditEventType, AuditService } from '../../audit';
import { UsersRepository } from '../accounts/users.repository';
import { AuthError } from '../auth.errors';
import { TokenResponse, toTokenResponse } from '../auth.responses';
import { SocketClose } from '../socket-closes';
import { TokenService } from './token.service';

@Injectable()
export class TokenReplacementService {
  private readonly logger = new Logger(TokenReplacementService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Revokes every token of the caller's account and issues one for the new version (accounts spec
   * §3.13). The version bump, the audit event and the order to close all of the user's sockets
   * (4003, the caller's own included) commit together: every instance hears the order only once the
   * old tokens are dead, and a failed replacement leaves nothing behind. Every session is revoked and
   * the new token gets a session of its own (opsync-api.md §1, O-4). The new token carries the
   * email of the caller's token. Any other failure becomes the route's fallback (TokenReplacementFailed).
   */
  async replace(user: AuthUser, client: ClientContext): Promise<TokenResponse> {
    const { tokenVersion, session } = await this.prisma.$transaction(async (tx) => {
      const version = await this.users.bumpTokenVersion(user.userId, tx);
      if (version === null) {
        this.logger.warn(`Token replacement for user ${user.userId}: the account no longer exists`);
        throw new ApiError(AuthError.TokenReplacementFailed);
      }
      await this.audit.record({ userId: user.userId, type: AuditEventType.TokenReplaced, client, details: { tokenVersion: version } }, tx);
      await this.events.publish({ type: 'close_sockets', userId: user.userId, ...SocketClose.tokenRevoked }, tx);
      await this.sessions.revokeAll(user.userId, tx);
      const opened = await this.sessions.open(user.userId, client, tx);
      return { tokenVersion: version, session: { sid: opened.sessionId, gen: opened.generation } };
    });
    return toTokenResponse(this.tokens.sign({ userId: user.userId, email: user.email, tokenVersion, session }), {
      id: user.userId,
      email: user.email,
    });
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { AuditEventType } from '../../audit/audit-event-types';
import { AuditService } from '../../audit/audit.service';
import { ClientContext } from '../../common/client-context';
import { PrismaService } from '../../database/prisma.service';
import { EventBus } from '../../events/event-bus';
import { AuthUser } from '../auth-user';
import { SocketClose } from '../socket-closes';
import { TokenService } from '../token.service';
import { TokenReplacementFailed } from './token-replacement.errors';
import { TokenReplacementRepository } from './token-replacement.repository';

export interface ReplaceTokenResponse {
  token: string;
  user: { id: number; email: string };
}

/** Thrown inside the transaction when the caller's account vanished after the guard let the request in. */
class AccountVanished extends Error {}

@Injectable()
export class TokenReplacementService {
  private readonly logger = new Logger(TokenReplacementService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly repository: TokenReplacementRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly events: EventBus,
  ) {}

  /**
   * Revokes every token of the caller's account and issues one for the new version (accounts spec
   * §3.13). The version bump, the audit event and the order to close all of the user's sockets
   * (4003, the caller's own included) commit together: every instance hears the order only once the
   * old tokens are dead, and a failed replacement leaves nothing behind. The new token carries the
   * email of the caller's token.
   */
  async replace(user: AuthUser, client: ClientContext): Promise<ReplaceTokenResponse> {
    try {
      const tokenVersion = await this.prisma.$transaction(async (tx) => {
        const version = await this.repository.incrementTokenVersion(user.userId, tx);
        if (version === null) throw new AccountVanished();
        await this.audit.record({ userId: user.userId, type: AuditEventType.TokenReplaced, client, details: { tokenVersion: version } }, tx);
        await this.events.publish({ type: 'close_sockets', userId: user.userId, ...SocketClose.tokenRevoked }, tx);
        return version;
      });
      const token = this.tokens.sign({ userId: user.userId, email: user.email, tokenVersion });
      return { token, user: { id: user.userId, email: user.email } };
    } catch (error) {
      if (error instanceof AccountVanished) this.logger.warn(`Token replacement for user ${user.userId}: the account no longer exists`);
      else this.logger.error(`Token replacement for user ${user.userId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new TokenReplacementFailed();
    }
  }
}

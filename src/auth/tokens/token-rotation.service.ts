import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database';
import { ApiError, AuthUser, ClientContext } from '../../common';
import { AuditEventType, AuditService } from '../../audit';
import { SessionsError, SessionsService } from '../../devices';
import { UsersRepository } from '../accounts/users.repository';
import { AuthFailure } from '../auth.errors';
import { TokenService } from './token.service';

/**
 * `POST /api/devices/current/rotate` (opsync-api.md §1): the caller's session moves to its next
 * generation, which the token check compares, so the old token is dead the moment this commits, on
 * every instance. The session, its name and its sockets stay. It lives in auth because it signs a token.
 */
@Injectable()
export class TokenRotationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  async rotate(user: AuthUser, client: ClientContext): Promise<{ token: string }> {
    const sessionId = user.sessionId;
    if (sessionId === null) throw new ApiError(SessionsError.NoCurrentSession);
    return this.prisma.$transaction(async (tx) => {
      const generation = await this.sessions.nextGeneration(user.userId, sessionId, tx);
      const holder = await this.users.findTokenHolderState(user.userId, tx);
      // Revoked (or the account gone) since the guard let the request in: the token is dead anyway.
      if (generation === null || !holder) throw new ApiError(AuthFailure.Revoked);
      await this.audit.record({ userId: user.userId, type: AuditEventType.TokenRotated, client, details: { generation } }, tx);
      const session = { sid: sessionId, gen: generation };
      return { token: this.tokens.sign({ userId: user.userId, email: user.email, tokenVersion: holder.tokenVersion, session }) };
    });
  }
}

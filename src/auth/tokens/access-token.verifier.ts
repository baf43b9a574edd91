import { Injectable } from '@nestjs/common';
import { ApiError, AuthUser } from '../../common';
import { SessionsService } from '../../devices';
import { AuthFailure } from '../auth.errors';
import { UsersRepository } from '../accounts/users.repository';
import { TokenService } from './token.service';

/**
 * The whole validity check of an access token (accounts spec §4.2, opsync-api.md §1), shared by the
 * HTTP guard and the WebSocket handshake. No cache: one statement reads the account and the token's
 * session by primary key, so a revocation is seen by every instance at once. A token without a session
 * (issued before sessions existed) passes on its tokenVersion alone. A database failure propagates as
 * itself (→ 500), never as a 401.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
  ) {}

  /** `ip` (truncated) is the caller's, kept as the session's lastIp when its lastSeenAt is written. */
  async verify(token: string, ip: string | null = null): Promise<AuthUser> {
    const claims = this.tokens.verifySignature(token);
    if (!claims.session) {
      const holder = await this.users.findTokenHolderState(claims.userId);
      if (!holder || !holder.isVerified) throw new ApiError(AuthFailure.AccountUnavailable);
      if (holder.tokenVersion !== claims.tokenVersion) throw new ApiError(AuthFailure.Revoked);
      return { userId: claims.userId, email: claims.email, sessionId: null };
    }
    const { sid, gen } = claims.session;
    const holder = await this.users.findSessionHolderState(claims.userId, sid);
    if (!holder || !holder.isVerified) throw new ApiError(AuthFailure.AccountUnavailable);
    const session = holder.session;
    if (holder.tokenVersion !== claims.tokenVersion || !session || session.revoked || session.generation !== gen) {
      throw new ApiError(AuthFailure.Revoked);
    }
    await this.sessions.seen(claims.userId, sid, session.lastSeenAt, ip);
    return { userId: claims.userId, email: claims.email, sessionId: sid };
  }
}

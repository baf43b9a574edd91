import { Injectable } from '@nestjs/common';
import { ApiError, AuthUser } from '../../common';
import { AuthFailure } from '../auth.errors';
import { UsersRepository } from '../accounts/users.repository';
import { TokenService } from './token.service';

/**
 * The whole validity check of an access token (accounts spec §4.2), shared by the HTTP guard and the
 * WebSocket handshake. No cache: one primary-key read, so a revocation is seen by every instance at
 * once. A database failure propagates as itself (→ 500), never as a 401.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
  ) {}

  async verify(token: string): Promise<AuthUser> {
    const claims = this.tokens.verifySignature(token);
    const holder = await this.users.findTokenHolderState(claims.userId);
    if (!holder || !holder.isVerified) throw new ApiError(AuthFailure.AccountUnavailable);
    if (holder.tokenVersion !== claims.tokenVersion) throw new ApiError(AuthFailure.Revoked);
    return { userId: claims.userId, email: claims.email };
  }
}

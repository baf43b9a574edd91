import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError, AuthUser, bearerToken, IS_PUBLIC, truncateIp } from '../../common';
import { AuthFailure } from '../auth.errors';
import { AccessTokenVerifier } from './access-token.verifier';

/**
 * Global guard (APP_GUARD): every HTTP route needs a valid access token unless marked @Public().
 * The caller it proves goes on `request.user`, where @CurrentUser() reads it. Its refusals are the
 * verifier's AuthFailure entries (exact `{ error }` bodies); a database failure propagates as itself.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = bearerToken(request.header('authorization'));
    if (token === undefined) throw new ApiError(AuthFailure.MissingHeader);
    request.user = await this.verifier.verify(token, truncateIp(request.ip));
    return true;
  }
}

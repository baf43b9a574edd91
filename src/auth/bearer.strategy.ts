import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-strategy';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthFailure } from './auth.errors';
import { AuthUser } from './auth-user';
import { bearerToken } from './bearer-token';
import { Unauthorized } from './unauthorized';

type Verify = (token: string, done: (error: unknown, user?: AuthUser) => void) => void;

/** Passport strategy for `Authorization: Bearer <jwt>` with the header rules of accounts spec §4.4. */
class BearerJwtPassportStrategy extends Strategy {
  constructor(private readonly verifyToken: Verify) {
    super();
  }

  override authenticate(req: Request): void {
    const token = bearerToken(req.header('authorization'));
    if (token === undefined) return this.error(new Unauthorized(AuthFailure.MissingHeader));
    this.verifyToken(token, (error, user) => (error ? this.error(error as Error) : this.success(user!)));
  }
}

export const BEARER_STRATEGY = 'bearer-jwt';

/** Nest side of the strategy: validate() is the shared verifier (signature, expiry, account, version). */
@Injectable()
export class BearerStrategy extends PassportStrategy(BearerJwtPassportStrategy, BEARER_STRATEGY) {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super();
  }

  validate(token: string): Promise<AuthUser> {
    return this.verifier.verify(token);
  }
}

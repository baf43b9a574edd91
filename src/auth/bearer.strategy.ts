import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import passport from 'passport';
import { Strategy } from 'passport-strategy';
import { ApiError } from '../common/api-error';
import { AccessTokenVerifier } from './access-token.verifier';
import { AuthFailure } from './auth.errors';
import { AuthUser } from './auth-user';
import { bearerToken } from './bearer-token';

type Verify = (token: string, done: (error: unknown, user?: AuthUser) => void) => void;

/** Passport strategy for `Authorization: Bearer <jwt>` with the header rules of accounts spec §4.4. */
class BearerJwtPassportStrategy extends Strategy {
  constructor(private readonly verifyToken: Verify) {
    super();
  }

  override authenticate(req: Request): void {
    const token = bearerToken(req.header('authorization'));
    if (token === undefined) return this.error(new ApiError(AuthFailure.MissingHeader));
    this.verifyToken(token, (error, user) => (error ? this.error(error as Error) : this.success(user!)));
  }
}

let registered = 0;

/**
 * Registers a bearer strategy bound to this app's verifier and returns its passport name.
 * Passport keeps strategies in one process-wide registry; a name per app instance keeps two apps
 * in one process (multi-instance tests, a CLI beside a server) from checking tokens against each
 * other's database. `unregister` removes it when the app closes.
 */
export function registerBearerStrategy(verifier: AccessTokenVerifier): { name: string; unregister: () => void } {
  const name = `bearer-jwt-${++registered}`;
  class BearerStrategy extends PassportStrategy(BearerJwtPassportStrategy, name) {
    validate(token: string): Promise<AuthUser> {
      return verifier.verify(token);
    }
  }
  new BearerStrategy();
  return { name, unregister: () => passport.unuse(name) };
}

import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ApiError, isInt4Id } from '../../common';
import { AuthFailure } from '../auth.errors';
import { AccessTokenClaims } from './access-token-claims';

/** Session ids are UUIDs; a longer `sid` is refused before it reaches a query. */
const MAX_SESSION_ID_LENGTH = 36;

/** 365 days, in seconds (accounts spec §4.1). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 31_536_000;

/** Signs and checks access tokens: HS256 only, no leeway, the claims of accounts spec §4.1. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(claims: AccessTokenClaims): string {
    const { userId, email, tokenVersion, session } = claims;
    return this.jwt.sign({ userId, email, tokenVersion, ...session });
  }

  /** Signature and expiry only (no database): throws one of the spec's AuthFailure reasons. */
  verifySignature(token: string): AccessTokenClaims {
    let payload: Record<string, unknown>;
    try {
      payload = this.jwt.verify(token, { algorithms: ['HS256'] });
    } catch (error) {
      throw new ApiError(error instanceof TokenExpiredError ? AuthFailure.Expired : AuthFailure.InvalidToken);
    }
    const { userId, email, tokenVersion = 0, sid, gen } = payload;
    // Range-checked here, not by the database: a userId beyond int4 would make every lookup fail with a 500.
    if (!isInt4Id(userId) || typeof email !== 'string' || !isTokenVersion(tokenVersion)) {
      throw new ApiError(AuthFailure.InvalidToken);
    }
    if (sid === undefined && gen === undefined) return { userId, email, tokenVersion };
    // A session claim comes whole: sid without gen (or the reverse) is not a token we signed.
    if (typeof sid !== 'string' || sid.length > MAX_SESSION_ID_LENGTH || !isTokenVersion(gen)) throw new ApiError(AuthFailure.InvalidToken);
    return { userId, email, tokenVersion, session: { sid, gen } };
  }

  /** The user id of a well-signed, unexpired token, or undefined: for rate-limit keys, never for access. */
  peekUserId(token: string): number | undefined {
    try {
      return this.verifySignature(token).userId;
    } catch {
      return undefined;
    }
  }
}

/** users.token_version and sessions.generation are int4 counters from 0. */
function isTokenVersion(value: unknown): value is number {
  return value === 0 || isInt4Id(value);
}

import { Injectable } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ApiError, isInt4Id } from '../../common';
import { AuthFailure } from '../auth.errors';
import { AccessTokenClaims } from './access-token-claims';

/** 365 days, in seconds (accounts spec §4.1). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 31_536_000;

/** Signs and checks access tokens: HS256 only, no leeway, the claims of accounts spec §4.1. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(claims: AccessTokenClaims): string {
    return this.jwt.sign({ userId: claims.userId, email: claims.email, tokenVersion: claims.tokenVersion });
  }

  /** Signature and expiry only (no database): throws one of the spec's AuthFailure reasons. */
  verifySignature(token: string): AccessTokenClaims {
    let payload: Record<string, unknown>;
    try {
      payload = this.jwt.verify(token, { algorithms: ['HS256'] });
    } catch (error) {
      throw new ApiError(error instanceof TokenExpiredError ? AuthFailure.Expired : AuthFailure.InvalidToken);
    }
    const { userId, email, tokenVersion = 0 } = payload;
    // Range-checked here, not by the database: a userId beyond int4 would make every lookup fail with a 500.
    if (!isInt4Id(userId) || typeof email !== 'string' || !isTokenVersion(tokenVersion)) {
      throw new ApiError(AuthFailure.InvalidToken);
    }
    return { userId, email, tokenVersion };
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

/** users.token_version is an int4 counter from 0. */
function isTokenVersion(value: unknown): value is number {
  return value === 0 || isInt4Id(value);
}

import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { RATE_LIMITS, RateLimitName } from './rate-limits';

export const RATE_LIMIT_NAME = 'opsync:rate-limit';
/** Marks an unlimited operation in the OpenAPI document, which gives every other operation its 429. */
export const NO_RATE_LIMIT_EXTENSION = 'x-opsync-unlimited';

/** Gives a route its own named limit (and counter) from RATE_LIMITS instead of the shared default. */
export const RateLimit = (name: RateLimitName) => {
  const { limit, ttl } = RATE_LIMITS[name];
  return applyDecorators(SetMetadata(RATE_LIMIT_NAME, name), Throttle({ default: { limit, ttl } }));
};

/** Exempts a route from rate limiting (only /health: probes must never be refused). */
export const NoRateLimit = () => applyDecorators(SkipThrottle({ default: true }), ApiExtension(NO_RATE_LIMIT_EXTENSION, true));

/** Named rate limits: the global guard, its counter store (memory or Redis), and the route decorators. */
export { NO_RATE_LIMIT_EXTENSION, NoRateLimit, RateLimit } from './rate-limit.decorator';
export { CallerIdentity } from './caller-identity';
export { RateLimitGuard } from './rate-limit.guard';
export { RateLimitModule } from './rate-limit.module';
export { describeWindow, RATE_LIMITS } from './rate-limits';
export type { RateLimitName } from './rate-limits';

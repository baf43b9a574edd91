import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { AppConfig } from '../config';
import { RATE_LIMITS } from './rate-limits';

/** The counter store, as a provider of its own so Nest closes it (the Redis connection) on shutdown. */
export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

const storageProvider = {
  provide: RATE_LIMIT_STORAGE,
  inject: [AppConfig],
  useFactory: (config: AppConfig): ThrottlerStorage =>
    config.redisUrl ? new ThrottlerStorageRedisService(config.redisUrl) : new ThrottlerStorageService(),
};

@Module({ providers: [storageProvider], exports: [storageProvider] })
class RateLimitStorageModule {}

/**
 * Rate-limit counters: in process memory by default, in Redis when REDIS_URL is set so that every
 * instance behind a load balancer shares them.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [RATE_LIMIT_STORAGE],
      useFactory: (storage: ThrottlerStorage) => ({
        throttlers: [{ name: 'default', limit: RATE_LIMITS.default.limit, ttl: RATE_LIMITS.default.ttl }],
        storage,
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}

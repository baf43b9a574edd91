import { Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { ApiError } from '../common';
import { AppConfig } from '../config';
import { USER_UPLOAD_RATE } from './domain/protocol-limits';
import { OpsError } from './operations.errors';
import { SyncStateRepository } from './persistence/sync-state.repository';

/**
 * The second rate-limit layer of POST /api/sync/ops (§1.5): 100 uploads per minute per user, whatever
 * the IP. Counters live in the throttler's storage (Redis when REDIS_URL is set, so all instances share
 * them). The key carries the user's limiter epoch: a clean slate or DELETE /api/sync/data bumps it,
 * which clears the counter without having to reach into the storage. Off in TEST_MODE, like every limit.
 */
@Injectable()
export class UserUploadLimiter {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly state: SyncStateRepository,
    private readonly config: AppConfig,
  ) {}

  async consume(userId: number): Promise<void> {
    if (this.config.testMode) return;
    const epoch = (await this.state.find(userId))?.uploadLimitEpoch ?? 0;
    const { limit, windowMs } = USER_UPLOAD_RATE;
    // Blocked for a window once over the limit: both the memory and the Redis storage support that.
    const record = await this.storage.increment(`sync-upload-user:${userId}:${epoch}`, windowMs, limit, windowMs, 'syncUploadUser');
    if (record.isBlocked) throw new ApiError(OpsError.RateLimited);
  }
}

import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { bearerToken } from '../common';
import { AppConfig } from '../config';
import { CallerIdentity } from './caller-identity';
import { RATE_LIMIT_NAME } from './rate-limit.decorator';
import { describeWindow, RATE_LIMITS, RateLimitName } from './rate-limits';

/**
 * The global rate limiter (runs before authentication). Counters are per named limit and per
 * caller: the signed-in user when the request carries a well-signed token, else the client IP
 * (`trust proxy` decides which address that is). Not installed in TEST_MODE (accounts spec §2.5).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly callers: CallerIdentity,
    private readonly config: AppConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return this.config.testMode || context.getType() !== 'http';
  }

  protected override async getTracker(req: Request, context?: ExecutionContext): Promise<string> {
    const rule = RATE_LIMITS[this.limitName(context)];
    const token = rule.by === 'caller' ? bearerToken(req.header('authorization')) : undefined;
    const userId = token ? this.callers.userIdOf(token) : undefined;
    return userId !== undefined ? `user:${userId}` : `ip:${req.ip}`;
  }

  protected override generateKey(context: ExecutionContext, tracker: string): string {
    return `${this.limitName(context)}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ThrottlerException(`Rate limit exceeded, retry in ${describeWindow(detail.ttl)}`);
  }

  private limitName(context?: ExecutionContext): RateLimitName {
    if (!context) return 'default';
    return this.reflector.getAllAndOverride<RateLimitName>(RATE_LIMIT_NAME, [context.getHandler(), context.getClass()]) ?? 'default';
  }
}

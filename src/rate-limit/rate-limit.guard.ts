import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { bearerToken } from '../common';
import { AppConfig } from '../config';
import { CallerIdentity } from './caller-identity';
import { RATE_LIMIT_NAME } from './rate-limit.decorator';
import { describeWindow, RATE_LIMITS, RateLimitName } from './rate-limits';

/**
 * The global rate limiter (runs before authentication). Counters are per named limit and per client
 * IP (`trust proxy` decides which address that is); a limit with `perUser` also counts the user a
 * well-signed token names, on a counter of its own, so a token never buys an address a fresh quota.
 * Not installed in TEST_MODE (accounts spec §2.5).
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

  /** The user's counter first, the IP's last: the rate-limit headers the client sees are the IP counter's (the spec's). */
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const userId = this.signedInUser(request.context);
    if (userId !== undefined) await super.handleRequest({ ...request, getTracker: async () => `user:${userId}` });
    return super.handleRequest(request);
  }

  protected override async getTracker(req: Request): Promise<string> {
    return `ip:${req.ip}`;
  }

  private signedInUser(context: ExecutionContext): number | undefined {
    if (!RATE_LIMITS[this.limitName(context)].perUser) return undefined;
    const token = bearerToken(context.switchToHttp().getRequest<Request>().header('authorization'));
    return token ? this.callers.userIdOf(token) : undefined;
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

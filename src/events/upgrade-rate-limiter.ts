import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import { ApiError, PipelineError } from '../common';
import { AppConfig } from '../config';
import { describeWindow, RATE_LIMITS } from '../rate-limit';

const LIMIT_NAME = 'syncWebSocket';

export interface UpgradeRefusal {
  status: number;
  headers: Record<string, string | number>;
  body: Record<string, unknown>;
}

/**
 * The rate limit of the socket's upgrade request (protocol spec §1.5): 120 per minute, keyed by
 * `IP:clientId` when the clientId is valid, else by IP. Upgrades bypass Express and its guards, so
 * this counts them in the same ThrottlerStorage (shared through Redis when configured) and answers
 * with the same 429 body and headers. Off in TEST_MODE, like every rate limit.
 */
@Injectable()
export class UpgradeRateLimiter {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Counts the upgrade; returns the 429 to answer when it is over the limit. */
  async consume(req: IncomingMessage, validClientId: string | undefined): Promise<UpgradeRefusal | undefined> {
    if (this.config.testMode) return undefined;
    const { limit, ttl } = RATE_LIMITS[LIMIT_NAME];
    const ip = this.clientIp(req);
    const tracker = validClientId ? `ip:${ip}:${validClientId}` : `ip:${ip}`;
    const record = await this.storage.increment(`${LIMIT_NAME}:${tracker}`, ttl, limit, ttl, 'default');
    if (!record.isBlocked) return undefined;
    return {
      status: 429,
      headers: {
        'x-ratelimit-limit': limit,
        'x-ratelimit-remaining': 0,
        'x-ratelimit-reset': record.timeToBlockExpire,
        'retry-after': record.timeToBlockExpire,
      },
      body: new ApiError(PipelineError.TooManyRequests(`Rate limit exceeded, retry in ${describeWindow(ttl)}`)).body(),
    };
  }

  /** The address Express would report as req.ip: its compiled `trust proxy` decides which hop to believe. */
  private clientIp(req: IncomingMessage): string {
    const trust = this.adapterHost.httpAdapter
      .getInstance<{ get(setting: string): (address: string, hop: number) => boolean }>()
      .get('trust proxy fn');
    return proxyAddr(req, trust);
  }
}

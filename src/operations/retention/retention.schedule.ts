import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RetentionJob } from './retention.job';

const FIRST_RUN_DELAY_MS = 10_000;
const RUN_INTERVAL_MS = 24 * 60 * 60_000;

/**
 * Fires the retention job 10 s after start and then daily. Timers are unref'd so they never keep a
 * process (or a test) alive. Provided by RetentionScheduleModule, which only the server imports.
 */
@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionSchedule.name);
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly job: RetentionJob) {}

  onApplicationBootstrap(): void {
    const tick = () =>
      void this.job
        .runOnce()
        .catch((error: unknown) => this.logger.error(`retention run failed: ${error instanceof Error ? error.stack : String(error)}`));
    this.timers.push(setTimeout(tick, FIRST_RUN_DELAY_MS).unref(), setInterval(tick, RUN_INTERVAL_MS).unref());
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}

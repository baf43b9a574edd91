import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenGuard, AuthModule, AuthRoutesModule } from './auth';
import { AuditModule } from './audit/audit.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventBusModule } from './events/event-bus.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { SyncDevicesModule } from './devices/sync-devices.module';
import { OperationsModule } from './operations/operations.module';
import { RetentionScheduleModule } from './operations/retention-schedule.module';
import { PagesModule } from './pages/pages.module';
import { SnapshotsModule } from './snapshots/snapshots.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';

/** Infrastructure shared by the HTTP app and the operator CLIs. */
export const coreModules = (config: AppConfig) => [ConfigModule.forRoot(config), DatabaseModule, AuditModule, EventBusModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config), RateLimitModule, HealthModule, AuthModule, AuthRoutesModule.forRoot(config), PagesModule,
        EventsModule, SyncDevicesModule, OperationsModule, RetentionScheduleModule, SnapshotsModule,
      ],
      providers: [
        // Order matters: rate limiting runs before authentication (accounts spec §4.4).
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useExisting: AccessTokenGuard },
      ],
    };
  }
}

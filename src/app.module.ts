import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthBaseModule } from './auth/auth-base.module';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { TokenReplacementModule } from './auth/token-replacement/token-replacement.module';
import { AuditModule } from './audit/audit.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventBusModule } from './events/event-bus.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { KeysModule } from './keys';
import { SyncDevicesModule } from './devices/sync-devices.module';
import { OperationsModule } from './operations/operations.module';
import { RetentionScheduleModule } from './operations/retention-schedule.module';
import { PagesModule } from './pages/pages.module';
import { SnapshotsModule } from './snapshots/snapshots.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';

/** Infrastructure shared by the HTTP app and the operator CLIs. */
export const coreModules = (config: AppConfig) => [ConfigModule.forRoot(config), DatabaseModule, AuthBaseModule, AuditModule, EventBusModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config), RateLimitModule, HealthModule, AuthModule.forRoot(config), PagesModule,
        EventsModule, TokenReplacementModule, SyncDevicesModule, OperationsModule, RetentionScheduleModule, SnapshotsModule, KeysModule,
      ],
      providers: [
        // Order matters: rate limiting runs before authentication (accounts spec §4.4).
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
      ],
    };
  }
}

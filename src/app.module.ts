import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { TokenReplacementModule } from './auth/token-replacement/token-replacement.module';
import { AppConfig } from './config/app-config';
import { coreModules } from './core-modules';
import { SyncDevicesModule } from './devices/sync-clients/sync-devices.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { OperationsModule } from './operations/operations.module';
import { RetentionScheduleModule } from './operations/retention/retention-schedule.module';
import { PagesModule } from './pages/pages.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SnapshotsModule } from './snapshots/snapshots.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config), RateLimitModule, HealthModule, AuthModule.forRoot(config), PagesModule,
        EventsModule, TokenReplacementModule, SyncDevicesModule, OperationsModule, RetentionScheduleModule, SnapshotsModule,
      ],
      providers: [
        // Order matters: rate limiting runs before authentication (accounts spec §4.4).
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useExisting: JwtAuthGuard },
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { TokenReplacementModule } from './auth/token-replacement/token-replacement.module';
import { AppConfig } from './config';
import { coreModules } from './core-modules';
import { SyncDevicesModule } from './devices';
import { EventsModule } from './events';
import { HealthModule } from './health';
import { OperationsModule, RetentionScheduleModule } from './operations';
import { PagesModule } from './pages';
import { RateLimitGuard, RateLimitModule } from './rate-limit';
import { SnapshotsModule } from './snapshots';

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

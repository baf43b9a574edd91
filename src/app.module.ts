import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountEventsModule } from './account-events';
import { AccountTransferModule } from './account-transfer';
import { AccessTokenGuard, AuthModule, AuthRoutesModule, TokenService } from './auth';
import { AppConfig } from './config';
import { coreModules } from './core-modules';
import { SyncDevicesModule } from './devices';
import { EventsModule } from './events';
import { HealthModule } from './health';
import { KeysModule } from './keys';
import { MetricsEndpointModule } from './metrics';
import { OpenApiModule } from './openapi';
import { OperationsModule, RetentionScheduleModule } from './operations';
import { PagesModule } from './pages';
import { CallerIdentity, RateLimitGuard, RateLimitModule } from './rate-limit';
import { SnapshotsModule } from './snapshots';
import { StoresModule } from './stores';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config),
        RateLimitModule,
        MetricsEndpointModule.forRoot(config),
        HealthModule,
        AuthModule,
        AuthRoutesModule.forRoot(config),
        PagesModule,
        EventsModule,
        SyncDevicesModule,
        OperationsModule,
        RetentionScheduleModule,
        SnapshotsModule,
        KeysModule,
        AccountEventsModule,
        StoresModule,
        AccountTransferModule,
        OpenApiModule,
      ],
      providers: [
        // The per-caller rate limits recognise signed-in callers by their token (auth is a feature; rate-limit below it).
        {
          provide: CallerIdentity,
          inject: [TokenService],
          useFactory: (tokens: TokenService): CallerIdentity => ({ userIdOf: (token) => tokens.peekUserId(token) }),
        },
        // Order matters: rate limiting runs before authentication (accounts spec §4.4).
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useExisting: AccessTokenGuard },
      ],
    };
  }
}

import { AuditModule } from './audit/audit.module';
import { AuthBaseModule } from './auth/auth-base.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventBusModule } from './event-bus/event-bus.module';

/**
 * The global modules every feature module expects to find, shared by the two composition roots:
 * the HTTP app (AppModule) and the operator CLIs (CliModule). Kept apart from app.module.ts so the
 * CLI does not import the HTTP app's root.
 */
export const coreModules = (config: AppConfig) => [ConfigModule.forRoot(config), DatabaseModule, AuthBaseModule, AuditModule, EventBusModule];

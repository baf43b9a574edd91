import { AuditModule } from './audit';
import { AppConfig, ConfigModule } from './config';
import { DatabaseModule } from './database';
import { EventBusModule } from './event-bus';
import { MetricsModule } from './metrics';

/**
 * The global modules every feature module expects to find (metrics among them: features report to it), shared by the two composition roots:
 * the HTTP app (AppModule) and the operator CLIs (CliModule). Kept apart from app.module.ts so the
 * CLI does not import the HTTP app's root.
 */
export const coreModules = (config: AppConfig) => [
  ConfigModule.forRoot(config),
  DatabaseModule,
  MetricsModule,
  AuditModule,
  EventBusModule,
];

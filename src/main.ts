import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import { AppModule } from './app.module';
import { configureApp } from './common';
import { ConfigError, loadConfig } from './config';
import { applyMigrations, resolveDatabase } from './database';
import { AppLogger } from './logging';
import { documentApi } from './openapi';

/** Server-side timeouts of protocol spec §1.6; Caddy's 85 s header timeout sits between them. */
const REQUEST_TIMEOUT_MS = 80_000;
const SOCKET_TIMEOUT_MS = 90_000;

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const logger = new AppLogger(config.logFormat, config.logLevel);

  const database = await resolveDatabase(config, logger);
  const embedded = database.embedded;
  config = database.config;

  try {
    const applied = await applyMigrations(config.databaseUrl!);
    logger.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date', 'Migrations');
  } catch (error) {
    logger.error(`Start-up stopped: ${error instanceof Error ? error.message : String(error)}`, 'Migrations');
    await embedded?.stop();
    process.exit(1);
  }

  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger });
  configureApp(app);
  documentApi(app);
  const server: Server = app.getHttpServer();
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.setTimeout(SOCKET_TIMEOUT_MS);
  await app.listen(config.port, config.host);
  logger.log(`OpSync listening on http://${config.host}:${config.port} (public URL ${config.publicUrl})`, 'Bootstrap');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received; shutting down`, 'Bootstrap');
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

void bootstrap();

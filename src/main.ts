import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import { AppModule } from './app.module';
import { configureApp } from './common';
import { AppConfig, ConfigError, loadConfig } from './config';
import { applyMigrations, resolveDatabase } from './database';
import { AppLogger } from './logging';
import { documentApi } from './openapi';
import { databaseFailure, listenFailure, messageOf } from './startup-failure';

/** Server-side timeouts of protocol spec §1.6; Caddy's 85 s header timeout sits between them. */
const REQUEST_TIMEOUT_MS = 80_000;
const SOCKET_TIMEOUT_MS = 90_000;

/** A start-up step failed; `line` says what to change. */
class StartupStopped extends Error {
  constructor(readonly line: string) {
    super(line);
  }
}

/** Runs one start-up step, turning its failure into the step's one-line description. */
async function step<T>(work: () => Promise<T>, describe: (error: unknown) => string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StartupStopped(describe(error));
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    // No logger yet (its format is configuration): one line on stderr listing every problem.
    console.error(`Invalid configuration: ${error instanceof ConfigError ? error.problems.join('; ') : messageOf(error)}`);
    process.exit(1);
  }
  const logger = new AppLogger(config.logFormat, config.logLevel);

  let stopEmbedded: (() => Promise<void>) | undefined;
  try {
    const database = await step(() => resolveDatabase(config, logger), messageOf);
    stopEmbedded = database.embedded && (() => database.embedded!.stop());
    config = database.config;
    const databaseUrl = config.databaseUrl!;

    const applied = await step(
      () => applyMigrations(databaseUrl),
      (error) => databaseFailure(error, databaseUrl),
    );
    logger.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date', 'Migrations');

    // abortOnError off: a failing module init is thrown here (and reported as one line) instead of aborting the process.
    const app = await step(
      () => NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger, abortOnError: false }),
      messageOf,
    );
    configureApp(app);
    documentApi(app);
    const server: Server = app.getHttpServer();
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    server.setTimeout(SOCKET_TIMEOUT_MS);
    await app.init();
    // Listening here rather than through app.listen, which logs its own error line before rethrowing.
    await step(
      () => listen(server, config.host, config.port),
      (error) => listenFailure(error, config.host, config.port),
    );
    logger.log(`OpSync listening on http://${config.host}:${config.port} (public URL ${config.publicUrl})`, 'Bootstrap');

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal} received; shutting down`, 'Bootstrap');
      await app.close();
      await stopEmbedded?.();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (error) {
    logger.error(`Start-up stopped: ${error instanceof StartupStopped ? error.line : messageOf(error)}`, 'Bootstrap');
    await stopEmbedded?.().catch(() => undefined);
    process.exit(1);
  }
}

void bootstrap();

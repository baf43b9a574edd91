import 'reflect-metadata';
import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, loadConfig } from '../config';
import { migrationStatus, resolveDatabase } from '../database';
import { AppLogger } from '../logging';
import { UsageError } from './cli-args';

export interface CliScript {
  /** Shown by --help and after a usage error. */
  usage: string;
  /** The Nest module the script needs (services, no HTTP). */
  module: (config: AppConfig) => DynamicModule;
  /** Does the work; returns the exit code. Throw UsageError for bad arguments. */
  run(app: INestApplicationContext, argv: string[]): Promise<number>;
  /** Argument check that needs no database (runs before booting). */
  validate?(argv: string[]): void;
}

/**
 * Boots an operator script: validated config, the database (embedded when DATABASE_URL is unset),
 * a Nest application context without HTTP, then closes everything and exits with the script's
 * code — non-zero on any failure or bad argument.
 */
export function runCli(script: CliScript): void {
  void main(script, process.argv.slice(2)).then((code) => process.exit(code));
}

async function main(script: CliScript, argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(script.usage);
    return 0;
  }
  let stopDatabase: (() => Promise<void>) | undefined;
  try {
    script.validate?.(argv);
    const config = loadConfig();
    const logger = new AppLogger(config.logFormat, 'warn');
    const database = await resolveDatabase(config, logger);
    stopDatabase = database.embedded?.stop;
    const pending = await migrationStatus(database.config.databaseUrl!);
    if (pending.pending.length > 0 || pending.failed.length > 0) {
      console.error('The database schema is not up to date: run `npm run migrate` (or start the server) first.');
      return 1;
    }
    const app = await NestFactory.createApplicationContext(script.module(database.config), { logger });
    try {
      return await script.run(app, argv);
    } finally {
      await app.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${script.usage}`);
      return 2;
    }
    console.error(error instanceof ConfigError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await stopDatabase?.();
  }
}

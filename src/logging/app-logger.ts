import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { currentCorrelationId } from './correlation';

const LEVELS: Record<string, LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

/**
 * Nest's logger with the request's correlation id on every line: JSON lines (LOG_FORMAT=json, the
 * production default) or Nest's coloured text. Callers must never pass tokens, bodies or full emails.
 */
export class AppLogger extends ConsoleLogger {
  constructor(format: 'json' | 'text', level: string) {
    super({ json: format === 'json', logLevels: LEVELS[level] ?? LEVELS.info, colors: format === 'text' && process.stdout.isTTY === true });
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
  ): string {
    const id = currentCorrelationId();
    const withId = id && typeof message === 'string' ? `${message} [${id}]` : message;
    return super.formatMessage(logLevel, withId, pidMessage, formattedLogLevel, contextMessage, timestampDiff);
  }

  protected override getJsonLogObject(
    message: unknown,
    options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ) {
    const entry = super.getJsonLogObject(message, options);
    const id = currentCorrelationId();
    return id ? { ...entry, correlationId: id } : entry;
  }
}

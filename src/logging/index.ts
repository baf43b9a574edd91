/** Log lines: the app logger, per-request correlation ids, the request log. */
export { AppLogger } from './app-logger';
export { correlationMiddleware, currentCorrelationId } from './correlation';
export { requestLogMiddleware } from './request-log.middleware';

import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from '../common';

/** Errors of GET /metrics. */
export const MetricsError = {
  /** No `Authorization: Bearer <METRICS_TOKEN>`, or another token. */
  TokenRequired: {
    status: HttpStatus.UNAUTHORIZED,
    code: 'METRICS_TOKEN_REQUIRED',
    message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>',
  },
} as const satisfies ErrorCatalogue;

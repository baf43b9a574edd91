import type { SchemaObject } from '@nestjs/swagger';
import { AccountEventType } from './account-event';

/** OpenAPI schema of GET /api/events (account-event.ts). Times are epoch ms. */

const integer: SchemaObject = { type: 'integer' };
const text: SchemaObject = { type: 'string' };

export const ACCOUNT_EVENT_PAGE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['events', 'latestId', 'hasMore', 'gapDetected'],
  properties: {
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'type', 'at'],
        properties: {
          id: integer,
          type: { type: 'string', enum: Object.values(AccountEventType) },
          storeId: text,
          keyId: text,
          deviceId: text,
          version: integer,
          latestSeq: integer,
          at: integer,
        },
      },
    },
    latestId: integer,
    hasMore: { type: 'boolean' },
    gapDetected: { type: 'boolean' },
  },
};

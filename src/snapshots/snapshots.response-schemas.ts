import type { SchemaObject } from '@nestjs/swagger';

/** OpenAPI schemas of the wire types in snapshots.responses.ts (protocol spec §3.3, §3.6, §3.7). */

const integer: SchemaObject = { type: 'integer' };

export const SNAPSHOT_UPLOAD_RESPONSE_SCHEMA: SchemaObject = {
  oneOf: [
    {
      type: 'object',
      required: ['accepted', 'serverSeq'],
      properties: { accepted: { type: 'boolean', enum: [true] }, serverSeq: integer },
    },
    {
      type: 'object',
      required: ['accepted', 'error', 'errorCode'],
      properties: { accepted: { type: 'boolean', enum: [false] }, error: { type: 'string' }, errorCode: { type: 'string' } },
    },
  ],
};

export const RESTORE_POINTS_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['restorePoints'],
  properties: {
    restorePoints: {
      type: 'array',
      items: {
        type: 'object',
        required: ['serverSeq', 'timestamp', 'type', 'clientId', 'description'],
        properties: {
          serverSeq: integer,
          timestamp: integer,
          type: { type: 'string' },
          clientId: { type: 'string' },
          description: { type: 'string' },
        },
      },
    },
  },
};

export const RESTORE_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['state', 'serverSeq', 'generatedAt'],
  properties: {
    state: { type: 'object', description: 'The replayed application state at serverSeq.' },
    serverSeq: integer,
    generatedAt: { type: 'integer', description: 'Epoch ms.' },
  },
};

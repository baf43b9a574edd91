import type { SchemaObject } from '@nestjs/swagger';

/** OpenAPI schemas of the wire types in operations.responses.ts and SyncStatus (protocol spec §2.4, §3.1, §3.2, §3.4, §3.8). */

const integer: SchemaObject = { type: 'integer' };
export const VECTOR_CLOCK_SCHEMA: SchemaObject = { type: 'object', additionalProperties: { type: 'integer' } };

const UPLOAD_RESULT: SchemaObject = {
  oneOf: [
    {
      type: 'object',
      required: ['opId', 'accepted', 'serverSeq'],
      properties: { opId: { type: 'string' }, accepted: { type: 'boolean', enum: [true] }, serverSeq: integer },
    },
    {
      type: 'object',
      required: ['opId', 'accepted', 'error', 'errorCode'],
      description: 'A per-op rejection: travels inside the 200 answer, never as an HTTP status.',
      properties: {
        opId: { type: 'string' },
        accepted: { type: 'boolean', enum: [false] },
        error: { type: 'string' },
        errorCode: { type: 'string' },
        existingClock: VECTOR_CLOCK_SCHEMA,
      },
    },
  ],
};

const SERVER_OPERATION: SchemaObject = {
  type: 'object',
  required: ['serverSeq', 'receivedAt', 'op'],
  properties: {
    serverSeq: integer,
    receivedAt: { type: 'integer', description: 'Epoch ms.' },
    op: {
      type: 'object',
      description: 'The op as uploaded and stored (sanitized, pruned clock, clamped timestamp).',
      required: [
        'id',
        'clientId',
        'actionType',
        'opType',
        'entityType',
        'payload',
        'vectorClock',
        'timestamp',
        'schemaVersion',
        'isPayloadEncrypted',
      ],
      properties: {
        id: { type: 'string' },
        clientId: { type: 'string' },
        actionType: { type: 'string' },
        opType: { type: 'string' },
        entityType: { type: 'string' },
        entityId: { type: 'string' },
        entityIds: { type: 'array', items: { type: 'string' } },
        payload: { description: 'Opaque client JSON (ciphertext when isPayloadEncrypted).' },
        vectorClock: VECTOR_CLOCK_SCHEMA,
        timestamp: integer,
        schemaVersion: integer,
        isPayloadEncrypted: { type: 'boolean' },
        syncImportReason: { type: 'string' },
        repairBaseServerSeq: integer,
      },
    },
  },
};

export const UPLOAD_OPS_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['results', 'latestSeq'],
  properties: {
    results: { type: 'array', items: UPLOAD_RESULT },
    newOps: { type: 'array', items: SERVER_OPERATION, description: 'Ops of other clients since lastKnownServerSeq.' },
    latestSeq: integer,
    hasMorePiggyback: { type: 'boolean', enum: [true] },
    deduplicated: { type: 'boolean', enum: [true], description: 'A retried requestId: the first answer, replayed.' },
  },
};

export const DOWNLOAD_OPS_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['ops', 'hasMore', 'latestSeq', 'serverTime', 'capabilities'],
  properties: {
    ops: { type: 'array', items: SERVER_OPERATION },
    hasMore: { type: 'boolean' },
    latestSeq: integer,
    gapDetected: { type: 'boolean', enum: [true] },
    snapshotVectorClock: VECTOR_CLOCK_SCHEMA,
    serverTime: { type: 'integer', description: 'Epoch ms.' },
    capabilities: { type: 'object', properties: { causalRepairSnapshots: { type: 'boolean', enum: [true] } } },
  },
};

export const SYNC_STATUS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['latestSeq', 'devicesOnline', 'storageUsedBytes', 'storageQuotaBytes'],
  properties: { latestSeq: integer, devicesOnline: integer, storageUsedBytes: integer, storageQuotaBytes: integer },
};

export const SUCCESS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['success'],
  properties: { success: { type: 'boolean', enum: [true] } },
};

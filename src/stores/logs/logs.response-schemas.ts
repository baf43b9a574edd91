import type { SchemaObject } from '@nestjs/swagger';

/** OpenAPI schemas of the wire types in logs.responses.ts (opsync-api.md §4). Times are epoch ms. */

const integer: SchemaObject = { type: 'integer' };
const text: SchemaObject = { type: 'string' };
const optionalText: SchemaObject = { type: 'string', nullable: true };

export const APPEND_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['results', 'latestSeq'],
  properties: {
    results: {
      type: 'array',
      description: 'One per sent entry, in the order sent; a re-sent entry has its original seq and duplicate: true',
      items: {
        type: 'object',
        required: ['clientIndex', 'clientId', 'seq', 'duplicate'],
        properties: { clientIndex: integer, clientId: text, seq: integer, duplicate: { type: 'boolean' } },
      },
    },
    latestSeq: integer,
  },
};

export const ENTRY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['seq', 'clientId', 'clientIndex', 'data', 'nonce', 'clientTimestamp', 'createdAt'],
  properties: {
    seq: integer,
    clientId: text,
    clientIndex: integer,
    data: { type: 'string', format: 'byte' },
    nonce: optionalText,
    clientTimestamp: optionalText,
    createdAt: integer,
  },
};

export const ENTRY_PAGE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['entries', 'latestSeq', 'hasMore'],
  properties: { entries: { type: 'array', items: ENTRY_SCHEMA }, latestSeq: integer, hasMore: { type: 'boolean' } },
};

/** `Accept: application/x-ndjson`: one entry object per line, then `{ "latestSeq": n, "done": true }`. */
export const ENTRY_STREAM_SCHEMA: SchemaObject = {
  description: 'Newline-delimited JSON: one entry per line (as in entries[]), then a last line { latestSeq, done: true }',
  oneOf: [
    ENTRY_SCHEMA,
    { type: 'object', required: ['latestSeq', 'done'], properties: { latestSeq: integer, done: { type: 'boolean', enum: [true] } } },
  ],
};

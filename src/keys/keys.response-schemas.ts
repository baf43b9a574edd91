import type { SchemaObject } from '@nestjs/swagger';

/** OpenAPI schemas of the wire types in keys.responses.ts (opsync-api.md §6). Times are epoch ms. */

const integer: SchemaObject = { type: 'integer' };
const text: SchemaObject = { type: 'string' };

export const KEY_STORED_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['keyId', 'version', 'createdAt'],
  properties: { keyId: text, version: integer, createdAt: integer },
};

export const KEY_VERSION_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['keyId', 'version', 'encryptedKey', 'salt', 'nonce', 'algorithm', 'kdf', 'createdAt', 'createdBy'],
  properties: {
    keyId: text,
    version: integer,
    encryptedKey: text,
    salt: text,
    nonce: text,
    algorithm: text,
    kdf: text,
    createdAt: integer,
    createdBy: { type: 'string', nullable: true },
  },
};

export const KEY_LIST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['keyId', 'versions', 'latestVersion', 'updatedAt'],
        properties: { keyId: text, versions: { type: 'array', items: integer }, latestVersion: integer, updatedAt: integer },
      },
    },
  },
};

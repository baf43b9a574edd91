import type { SchemaObject } from '@nestjs/swagger';
import { STORE_KINDS, STORE_PERMISSIONS } from './store-permission';

/** OpenAPI schemas of the wire types in stores.responses.ts (opsync-api.md §3, §5). Times are ISO 8601. */

const integer: SchemaObject = { type: 'integer' };
const text: SchemaObject = { type: 'string' };
const time: SchemaObject = { type: 'string', format: 'date-time' };
const nullableText: SchemaObject = { type: 'string', nullable: true };
const kind: SchemaObject = { type: 'string', enum: [...STORE_KINDS] };
const permission: SchemaObject = { type: 'string', enum: [...STORE_PERMISSIONS] };

export const STORE_CREATED_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'kind', 'meta', 'token', 'version', 'updatedAt'],
  properties: { id: text, kind, meta: nullableText, token: text, version: integer, updatedAt: time },
};

export const STORE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'kind', 'meta', 'data', 'token', 'version', 'updatedAt'],
  properties: { id: text, kind, meta: nullableText, data: nullableText, token: text, version: integer, updatedAt: time },
};

export const STORE_WRITTEN_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['token', 'version'],
  properties: { token: text, version: integer },
};

export const STORE_LIST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['stores'],
  properties: {
    stores: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kind', 'meta', 'permission', 'version', 'token', 'updatedAt', 'size', 'syncEnabled'],
        properties: {
          id: text,
          kind,
          meta: nullableText,
          permission,
          version: integer,
          token: text,
          updatedAt: time,
          size: integer,
          syncEnabled: { type: 'boolean' },
        },
      },
    },
  },
};

export const STORE_SETTINGS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'syncEnabled'],
  properties: { id: text, syncEnabled: { type: 'boolean' } },
};

export const STORE_MEMBER_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['userId', 'email', 'permission', 'addedAt'],
  properties: { userId: integer, email: text, permission, addedAt: time },
};

export const STORE_MEMBER_LIST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['members'],
  properties: { members: { type: 'array', items: STORE_MEMBER_SCHEMA } },
};

import type { SchemaObject } from '@nestjs/swagger';

/** OpenAPI schemas of the session routes (opsync-api.md §1). */

export const DEVICE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'name', 'kind', 'createdAt', 'lastSeenAt', 'lastIp', 'current'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string', maxLength: 100 },
    kind: { type: 'string', enum: ['browser', 'app', 'device-grant'] },
    createdAt: { type: 'integer', description: 'epoch ms' },
    lastSeenAt: { type: 'integer', description: 'epoch ms' },
    lastIp: { type: 'string', nullable: true, description: 'truncated: /24 for IPv4, /48 for IPv6' },
    current: { type: 'boolean', description: 'the session of the token making this request' },
  },
};

export const DEVICE_LIST_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['devices'],
  properties: { devices: { type: 'array', items: DEVICE_SCHEMA } },
};

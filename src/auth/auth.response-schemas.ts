import type { SchemaObject } from '@nestjs/swagger';

/** OpenAPI schemas of the answers in auth.responses.ts and of the WebAuthn options (accounts spec §3). */

export const TOKEN_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['token', 'user'],
  properties: {
    token: { type: 'string', description: 'The access token (JWT) for `Authorization: Bearer`.' },
    user: { type: 'object', required: ['id', 'email'], properties: { id: { type: 'integer' }, email: { type: 'string' } } },
  },
};

/** The neutral answers: one sentence per kind, the same for every account state. */
export const MESSAGE_RESPONSE_SCHEMA: SchemaObject = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };

export const WEBAUTHN_OPTIONS_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'WebAuthn options JSON (PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON), for @simplewebauthn/browser.',
  required: ['challenge'],
  properties: { challenge: { type: 'string' } },
  additionalProperties: true,
};

/** POST /api/recover/passkey/options: the account's address and the options for its new passkey. */
export const RECOVERY_OPTIONS_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['email', 'options'],
  properties: { email: { type: 'string' }, options: WEBAUTHN_OPTIONS_SCHEMA },
};

export const SUCCESS_RESPONSE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['success'],
  properties: { success: { type: 'boolean', enum: [true] } },
};

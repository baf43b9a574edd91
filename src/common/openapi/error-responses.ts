import type { ResponseObject, SchemaObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { ErrorEntry } from '../api-error';

/** A catalogue entry, or a catalogue function building one (its code and status do not depend on its arguments). */
export type DocumentedError = ErrorEntry | ((...args: never[]) => ErrorEntry);

/** The entry of a catalogue function, built with no arguments: only its status, code and body shape are read. */
export function entryOf(error: DocumentedError): ErrorEntry {
  return typeof error === 'function' ? (error as () => ErrorEntry)() : error;
}

/** The three body shapes of ApiError.body(), with the codes a route can send in that shape. */
function bodySchema(shape: ErrorEntry['body'], codes: string[]): SchemaObject {
  if (shape === 'exact') return { type: 'object', required: ['error'], properties: { error: { type: 'string' } } };
  const errorCode: SchemaObject = { type: 'string', enum: codes };
  const common = { errorCode, correlationId: { type: 'string' } };
  if (shape === 'framework')
    return {
      type: 'object',
      required: ['statusCode', 'error', 'message', 'errorCode'],
      properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' }, ...common },
    };
  return { type: 'object', required: ['error', 'errorCode'], properties: { error: { type: 'string' }, ...common } };
}

/** OpenAPI responses, one per status, each listing the stable codes (`errorCode` enum) and texts of its entries. */
export function errorResponses(errors: readonly DocumentedError[]): Record<number, ResponseObject> {
  const byStatus = new Map<number, ErrorEntry[]>();
  const parameterised = new Set(errors.filter((error) => typeof error === 'function').map(entryOf));
  for (const entry of [...errors.filter((error) => typeof error !== 'function').map(entryOf), ...parameterised])
    byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), entry]);
  const responses: Record<number, ResponseObject> = {};
  for (const [status, entries] of byStatus) {
    const codes = [...new Set(entries.flatMap((entry) => ('code' in entry && entry.code ? [entry.code] : [])))];
    const shapes = [...new Set(entries.map((entry) => entry.body))];
    const schemas = shapes.map((shape) => bodySchema(shape, codes));
    // A parameterised text built without its arguments says nothing: those entries are listed by code only.
    const lines = entries.map((entry) =>
      !('code' in entry && entry.code) ? entry.message : parameterised.has(entry) ? entry.code : `${entry.code}: ${entry.message}`,
    );
    responses[status] = {
      description: `${STATUS_CODES[status] ?? 'Error'}. ${[...new Set(lines)].join(' | ')}`,
      content: { 'application/json': { schema: schemas.length === 1 ? schemas[0] : { oneOf: schemas } } },
    };
  }
  return responses;
}

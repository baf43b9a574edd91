import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { AuthFailure } from '../auth';
import { DocumentedError, errorResponses, PipelineError, PUBLIC_EXTENSION } from '../common';
import { NO_RATE_LIMIT_EXTENSION } from '../rate-limit';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * The errors every route shares, added to each operation of the document rather than to each route:
 * 401 (and the bearer scheme) unless @Public(), 429 unless @NoRateLimit(), 400 VALIDATION_FAILED when
 * the route takes a body or parameters.
 */
export function addSharedResponses(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) describeShared(operation);
    }
  }
}

function describeShared(operation: OperationObject): void {
  const extensions = operation as unknown as Record<string, unknown>;
  const shared: DocumentedError[] = [];
  if (extensions[PUBLIC_EXTENSION]) operation.security = [];
  else {
    operation.security = [{ bearer: [] }];
    shared.push(...Object.values(AuthFailure));
  }
  if (!extensions[NO_RATE_LIMIT_EXTENSION]) shared.push(PipelineError.TooManyRequests);
  if (operation.requestBody || operation.parameters?.length) shared.push(PipelineError.ValidationFailed);
  delete extensions[PUBLIC_EXTENSION];
  delete extensions[NO_RATE_LIMIT_EXTENSION];
  for (const [status, response] of Object.entries(errorResponses(shared))) {
    operation.responses[status] = merged(operation.responses[status] as ResponseObject | undefined, response);
  }
}

/** A route's own errors of a status and the shared ones of the same status: either body may arrive. */
function merged(own: ResponseObject | undefined, shared: ResponseObject): ResponseObject {
  const ownSchema = own?.content?.['application/json']?.schema;
  const sharedSchema = shared.content!['application/json'].schema!;
  if (!own || !ownSchema) return shared;
  return {
    description: `${own.description} | ${shared.description}`,
    content: { 'application/json': { schema: { oneOf: [ownSchema, sharedSchema] } } },
  };
}

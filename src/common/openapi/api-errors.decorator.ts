import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { DocumentedError, errorResponses } from './error-responses';

/**
 * Documents the errors a route answers with, straight from the catalogue entries it throws
 * (`@ApiErrors(OpsError.StorageQuotaExceeded, OpsError.TooManyOps)`): one response per status with the
 * `errorCode` enum. The errors every route shares (401, 429, validation) are added to the whole document.
 */
export const ApiErrors = (...errors: DocumentedError[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...Object.entries(errorResponses(errors)).map(([status, response]) =>
      ApiResponse({ status: Number(status), description: response.description, content: response.content }),
    ),
  );

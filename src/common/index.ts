/** The request pipeline and what every module's routes share: errors, validation, client context, HTML templates. */
export { ApiError } from './api-error';
export { base64DecodedBytes } from './base64-size';
export { bearerToken } from './bearer-token';
export type { ErrorCatalogue, ErrorEntry } from './api-error';
export { Client } from './client-context.decorator';
export { truncateIp } from './client-context';
export type { ClientContext } from './client-context';
export { configureApp } from './configure-app';
export { toErrorResponse } from './error-response';
export { fillTemplate, TrustedHtml } from './html/html-template';
export type { TemplateValue } from './html/html-template';
export { readHtmlTemplate } from './html/template-file';
export { INT4_MAX, isInt4Id, isInt8IdText } from './column-ranges';
export { IsInt4IdText } from './int4-id-text';
export { maskEmail } from './mask-email';
export { ndjsonWriter } from './ndjson-writer';
export { detachField, OpaqueBodyPipe, OpaqueJsonBody } from './opaque-body';
export { JSON_BODY_ERRORS, PipelineError } from './pipeline.errors';
export { RequestObserver } from './request-observer';
export { TURNSTILE_ORIGIN } from './security-headers';
export { weakEtag } from './response-etag';
export { IgnoresUnknownFields, RefusedWith } from './validation';

// The OpenAPI description of each route's errors, from the same catalogue entries it throws.
export { ApiErrors } from './openapi/api-errors.decorator';
export { errorResponses } from './openapi/error-responses';
export type { DocumentedError } from './openapi/error-responses';

// Who the caller of a route is (set by auth's guard) and which routes are open without a token.
export type { AuthUser } from './auth-user';
export { CurrentUser } from './current-user.decorator';
export { IS_PUBLIC, Public, PUBLIC_EXTENSION } from './public.decorator';

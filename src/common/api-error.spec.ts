import { AuthFailure } from '../auth';
import { ApiError } from './api-error';
import { PipelineError } from './pipeline.errors';

describe('ApiError bodies from catalogue entries', () => {
  it('renders a route-level entry as { error, errorCode, ...extra, correlationId }', () => {
    expect(new ApiError(PipelineError.ValidationFailed, { details: [] }).body('c-1')).toEqual({
      error: 'Validation failed',
      errorCode: 'VALIDATION_FAILED',
      details: [],
      correlationId: 'c-1',
    });
  });

  it('renders a framework entry with statusCode and the HTTP reason', () => {
    expect(new ApiError(PipelineError.BodyTooLarge(10)).body('c-2')).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'Request body exceeded 10 byte limit',
      errorCode: 'BODY_TOO_LARGE',
      correlationId: 'c-2',
    });
  });

  it('leaves a body the spec fixes exactly as it is, without the correlation id', () => {
    expect(new ApiError(AuthFailure.Revoked).body('c-3')).toEqual({ error: 'Token was revoked. Please log in again to get a new token.' });
  });

  it('omits the correlation id outside a request (WebSocket upgrades)', () => {
    expect(new ApiError(PipelineError.NotFound('Not Found')).body()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Not Found',
      errorCode: 'NOT_FOUND',
    });
  });
});

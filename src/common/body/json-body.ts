import { ApiError } from '../api-error';
import { PipelineError } from '../pipeline.errors';

/** Deeper bodies are refused before validation walks them (protocol payloads allow at most 50). */
export const MAX_BODY_DEPTH = 256;

/** Parses a JSON body that must be an object, no deeper than MAX_BODY_DEPTH. */
export function parseJsonObject(text: string, fromGzip: boolean): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(fromGzip ? PipelineError.InvalidJsonAfterGzip : PipelineError.InvalidJson);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ApiError(PipelineError.NotAnObject);
  if (depthExceeds(value, MAX_BODY_DEPTH)) throw new ApiError(PipelineError.NestedTooDeep(MAX_BODY_DEPTH));
  return value as Record<string, unknown>;
}

/** Iterative, so a hostile body cannot overflow the stack here. */
function depthExceeds(root: object, max: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (depth > max) return true;
    if (value !== null && typeof value === 'object') {
      for (const child of Object.values(value)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

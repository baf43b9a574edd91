import type { NextFunction, Request, Response } from 'express';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ApiError } from './api-error';
import { BodyLimits, bodyLimitsFor, readsOwnBody } from './body-limits';
import { toErrorResponse } from './error-response';
import { PipelineError } from './pipeline.errors';

const gunzip = promisify(zlib.gunzip);
/** Deeper bodies are refused before validation walks them (protocol payloads allow at most 50). */
export const MAX_BODY_DEPTH = 256;

/**
 * Reads and parses request bodies (protocol spec §1.3): size limits per route enforced from
 * Content-Length and while streaming, `Content-Encoding: gzip` (optionally base64 text) inflated with a
 * hard cap, JSON or form bodies parsed, an empty body read as `{}`. Errors leave in the pipeline's
 * one error shape. Installed instead of Express' body parsers.
 */
export function bodyReaderMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (readsOwnBody(req.method, req.path)) {
    next();
    return;
  }
  readBody(req).then(
    (body) => {
      req.body = body;
      next();
    },
    (error: unknown) => {
      req.resume(); // drain what is left so the connection can be reused
      const { status, body } = toErrorResponse(error);
      res.status(status).json(body);
    },
  );
}

async function readBody(req: Request): Promise<unknown> {
  const limits = bodyLimitsFor(req.method, req.path);
  const encoding = (req.header('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'gzip') {
    throw new ApiError(PipelineError.UnsupportedEncoding(encoding));
  }
  const base64 = encoding === 'gzip' && (req.header('content-transfer-encoding') ?? '').trim().toLowerCase() === 'base64';
  const raw = await readStream(req, base64 ? limits.rawBase64 : limits.raw);
  if (raw.length === 0) return {};

  const text = encoding === 'gzip' ? await inflate(raw, base64, limits) : raw.toString('utf8');
  const type = (req.header('content-type') ?? 'application/json').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (!type.includes('json')) throw new ApiError(PipelineError.NotJson);
  return parseJsonObject(text, encoding === 'gzip');
}

function readStream(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.header('content-length'));
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): ApiError {
  return new ApiError(PipelineError.BodyTooLarge(limit));
}

async function inflate(raw: Buffer, base64: boolean, limits: BodyLimits): Promise<string> {
  const compressed = base64 ? Buffer.from(raw.toString('latin1'), 'base64') : raw;
  if (compressed.length > limits.compressed) throw new ApiError(PipelineError.CompressedTooLarge);
  try {
    return (await gunzip(compressed, { maxOutputLength: limits.inflated })).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ApiError(PipelineError.DecompressedTooLarge);
    throw new ApiError(PipelineError.BadGzip);
  }
}

function parseJsonObject(text: string, fromGzip: boolean): Record<string, unknown> {
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

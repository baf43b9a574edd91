import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ApiError, PipelineError } from './api-error';
import { BodyLimits, bodyLimitsFor } from './body-limits';
import { frameworkBody, toErrorResponse } from './error-response';

const gunzip = promisify(zlib.gunzip);
/** Deeper bodies are refused before validation walks them (protocol payloads allow at most 50). */
export const MAX_BODY_DEPTH = 256;

class FrameworkError extends ApiError {
  constructor(status: HttpStatus, errorCode: string, message: string) {
    super(status, errorCode, message);
  }
  override body(): Record<string, unknown> {
    return frameworkBody(this.getStatus(), this.message, this.errorCode!);
  }
}

/**
 * Reads and parses request bodies (protocol spec §1.3): size limits per route enforced from
 * Content-Length and while streaming, `Content-Encoding: gzip` (optionally base64 text) inflated with a
 * hard cap, JSON or form bodies parsed, an empty body read as `{}`. Errors leave in the pipeline's
 * one error shape. Installed instead of Express' body parsers.
 */
export function bodyReaderMiddleware(req: Request, res: Response, next: NextFunction): void {
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
    throw new FrameworkError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, PipelineError.UnsupportedMediaType, `Unsupported Content-Encoding: ${encoding}`);
  }
  const base64 = encoding === 'gzip' && (req.header('content-transfer-encoding') ?? '').trim().toLowerCase() === 'base64';
  const raw = await readStream(req, base64 ? limits.rawBase64 : limits.raw);
  if (raw.length === 0) return {};

  const text = encoding === 'gzip' ? await inflate(raw, base64, limits) : raw.toString('utf8');
  const type = (req.header('content-type') ?? 'application/json').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (!type.includes('json')) {
    throw new FrameworkError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, PipelineError.UnsupportedMediaType, 'Request bodies must be JSON');
  }
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
  return new FrameworkError(HttpStatus.PAYLOAD_TOO_LARGE, PipelineError.BodyTooLarge, `Request body exceeded ${limit} byte limit`);
}

async function inflate(raw: Buffer, base64: boolean, limits: BodyLimits): Promise<string> {
  const compressed = base64 ? Buffer.from(raw.toString('latin1'), 'base64') : raw;
  if (compressed.length > limits.compressed) {
    throw new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, PipelineError.DecompressedTooLarge, 'Compressed payload too large');
  }
  try {
    return (await gunzip(compressed, { maxOutputLength: limits.inflated })).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, PipelineError.DecompressedTooLarge, 'Decompressed payload too large');
    }
    throw new ApiError(HttpStatus.BAD_REQUEST, PipelineError.BadGzip, 'Failed to decompress gzip body');
  }
}

function parseJsonObject(text: string, fromGzip: boolean): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(HttpStatus.BAD_REQUEST, PipelineError.InvalidJson, fromGzip ? 'Invalid JSON in decompressed body' : 'Invalid JSON body');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(HttpStatus.BAD_REQUEST, PipelineError.InvalidBody, 'Request body must be a JSON object');
  }
  if (depthExceeds(value, MAX_BODY_DEPTH)) {
    throw new ApiError(HttpStatus.BAD_REQUEST, PipelineError.InvalidBody, `Request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
  }
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

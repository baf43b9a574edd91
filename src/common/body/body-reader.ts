import type { IncomingMessage } from 'node:http';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { ApiError } from '../api-error';
import { PipelineError } from '../pipeline.errors';
import { base64Decoder } from './base64-decoder';
import { BodyLease } from './body-budget';
import { BodyLimits } from './body-limits';
import { CappedStream } from './capped-stream';
import { parseJsonObject } from './json-body';

/**
 * Reads and parses one request body (protocol spec §1.3): size limits enforced from Content-Length
 * before reading and while streaming; `Content-Encoding: gzip` (optionally base64 text) inflated as a
 * stream that stops at the route's cap; every byte held is taken from the body budget first; JSON or
 * form bodies parsed, an absent body read as `{}`. Refusals are ApiErrors; the caller drains the rest.
 */
export async function readBody(req: IncomingMessage, limits: BodyLimits, lease: BodyLease): Promise<unknown> {
  const encoding = (header(req, 'content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'gzip') throw new ApiError(PipelineError.UnsupportedEncoding(encoding));
  const lengthHeader = header(req, 'content-length');
  const declared = lengthHeader === undefined ? undefined : Number(lengthHeader);
  if (declared === 0 || (declared === undefined && header(req, 'transfer-encoding') === undefined)) return {};

  const gzip = encoding === 'gzip';
  const base64 = gzip && (header(req, 'content-transfer-encoding') ?? '').trim().toLowerCase() === 'base64';
  const wireLimit = base64 ? limits.rawBase64 : limits.raw;
  const tooLarge = () => new ApiError(PipelineError.BodyTooLarge(wireLimit));
  if (declared !== undefined && declared > wireLimit) throw tooLarge();
  // A declared length that cannot fit is refused before the first byte is read. Bytes are taken as they
  // arrive, not up front: a client that declares much and sends slowly holds only what it has sent.
  if (declared !== undefined && !lease.fits(declared)) throw new ApiError(PipelineError.BodyBudgetExhausted);

  const wire = new CappedStream(wireLimit, tooLarge, lease);
  const stages: Transform[] = [wire];
  if (base64) stages.push(base64Decoder());
  if (gzip) {
    stages.push(
      new CappedStream(limits.compressed, () => new ApiError(PipelineError.CompressedTooLarge)),
      zlib.createGunzip(),
      new CappedStream(limits.inflated, () => new ApiError(PipelineError.DecompressedTooLarge), lease),
    );
  }
  const bytes = await streamInto(req, stages);
  if (wire.seen === 0) return {};

  const text = bytes.toString('utf8');
  const type = (header(req, 'content-type') ?? 'application/json').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (!type.includes('json')) throw new ApiError(PipelineError.NotJson);
  return parseJsonObject(text, gzip);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Pipes the request through the stages into one buffer. The request itself stays out of the pipeline, so
 * a refusal destroys the stages but not the socket: the caller can still answer and drain.
 */
async function streamInto(req: IncomingMessage, stages: Transform[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const [first] = stages;
  const abort = () => first.destroy(new ApiError(PipelineError.BodyAborted));
  const cutShort = () => {
    if (!req.complete) abort();
  };
  req.once('error', abort);
  req.once('close', cutShort);
  req.pipe(first);
  try {
    await pipeline([...stages, sink]);
  } catch (error) {
    req.unpipe(first);
    if (error instanceof ApiError) throw error;
    // Anything else failing in the stages is zlib refusing the stream.
    throw new ApiError(PipelineError.BadGzip);
  } finally {
    req.off('error', abort);
    req.off('close', cutShort);
  }
  return Buffer.concat(chunks);
}

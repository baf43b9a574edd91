import { Transform, TransformCallback } from 'node:stream';
import { ApiError } from '../api-error';
import { PipelineError } from '../pipeline.errors';
import { BodyLease } from './body-budget';

/**
 * Passes bytes through until `limit` is passed, then fails with `overLimit` (the stream stops there, so an
 * inflating stage before it stops too: a bomb is never inflated past the cap). With a lease, every
 * chunk is first taken from the body budget; one it cannot give fails the stream with 503.
 */
export class CappedStream extends Transform {
  /** Bytes that arrived here so far. */
  seen = 0;

  constructor(
    private readonly limit: number,
    private readonly overLimit: () => ApiError,
    private readonly lease?: BodyLease,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return done(this.overLimit());
    if (this.lease && !this.lease.take(chunk.length)) return done(new ApiError(PipelineError.BodyBudgetExhausted));
    done(null, chunk);
  }
}

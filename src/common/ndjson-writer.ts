import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes JSON values to `stream`, one per line, waiting for 'drain' whenever its buffer is full, so a
 * slow reader holds back the producer instead of filling memory (account export, log entry streams).
 * Several values in one call (a page of rows) are written corked: one syscall for the page, while each
 * line stays a small, short-lived string; one page-sized string would be a large heap object that only
 * a full garbage collection frees, and the heap would grow with the stream.
 */
export function ndjsonWriter(stream: Writable): (...values: unknown[]) => Promise<void> {
  return async (...values) => {
    if (stream.destroyed) throw new Error('the NDJSON stream was closed before all its lines were written');
    let full = false;
    stream.cork();
    for (const value of values) full = !stream.write(`${JSON.stringify(value)}\n`) || full;
    stream.uncork();
    if (full) await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
  };
}

import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes one JSON value per line to `stream`, waiting for 'drain' whenever its buffer is full, so a
 * slow reader holds back the producer instead of filling memory (account export, log entry streams).
 */
export function ndjsonWriter(stream: Writable): (value: unknown) => Promise<void> {
  return async (value) => {
    if (stream.destroyed) throw new Error('the NDJSON stream was closed before all its lines were written');
    if (!stream.write(`${JSON.stringify(value)}\n`)) await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
  };
}

import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes one JSON value per line to `stream`, waiting for 'drain' whenever its buffer is full. */
export function ndjsonWriter(stream: Writable): (value: unknown) => Promise<void> {
  return async (value) => {
    if (stream.destroyed) throw new Error('the export stream was closed before the export finished');
    if (!stream.write(`${JSON.stringify(value)}\n`)) await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
  };
}

import { Transform, TransformCallback } from 'node:stream';

/** Characters of the base64 alphabets (standard and URL-safe); anything else (line breaks, spaces) is skipped, as Buffer.from does. */
const NOT_BASE64 = /[^A-Za-z0-9+/=_-]/g;

/**
 * Decodes base64 text as it streams (native mobile clients send gzip as base64 text, protocol spec §1.3):
 * whole 4-character groups are decoded as they arrive, a partial group waits for the next chunk.
 */
export function base64Decoder(): Transform {
  let pending = '';
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      const text = pending + chunk.toString('latin1').replace(NOT_BASE64, '');
      const whole = text.length - (text.length % 4);
      pending = text.slice(whole);
      done(null, whole > 0 ? Buffer.from(text.slice(0, whole), 'base64') : undefined);
    },
    flush(done: TransformCallback) {
      done(null, pending.length > 0 ? Buffer.from(pending, 'base64') : undefined);
    },
  });
}

import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { base64Decoder } from './base64-decoder';

async function decode(parts: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(parts.map((p) => Buffer.from(p, 'latin1'))).pipe(base64Decoder())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('base64Decoder', () => {
  const bytes = randomBytes(1000);
  const text = bytes.toString('base64');

  it.each([1, 2, 3, 5, 7, 64])('decodes text split every %i characters exactly as Buffer.from does', async (size) => {
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
    expect((await decode(parts)).equals(bytes)).toBe(true);
  });

  it('skips line breaks and spaces between groups, as Buffer.from does', async () => {
    const wrapped = text.replace(/(.{76})/g, '$1\r\n');
    expect((await decode([wrapped.slice(0, 100), wrapped.slice(100)])).equals(bytes)).toBe(true);
  });
});

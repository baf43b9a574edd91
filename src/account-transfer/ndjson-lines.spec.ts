import { LineTooLong, ndjsonLines } from './ndjson-lines';

async function collect(chunks: (string | Buffer)[], max = 100): Promise<[number, string][]> {
  const lines: [number, string][] = [];
  for await (const { lineNumber, text } of ndjsonLines(chunks, max)) lines.push([lineNumber, text]);
  return lines;
}

describe('ndjsonLines', () => {
  it('splits lines across chunk boundaries, numbers them from 1 counting blank ones, and keeps a last line without newline', async () => {
    expect(await collect(['{"a"', ':1}\n\n{"b":2}\n', '{"c":3}'])).toEqual([
      [1, '{"a":1}'],
      [3, '{"b":2}'],
      [4, '{"c":3}'],
    ]);
  });

  it('decodes a multi-byte character split between two chunks', async () => {
    const bytes = Buffer.from('{"e":"é"}\n');
    expect(await collect([bytes.subarray(0, 7), bytes.subarray(7)])).toEqual([[1, '{"e":"é"}']]);
  });

  it('refuses a line longer than the bound with its number, also before its newline arrives', async () => {
    await expect(collect(['ok\n', 'x'.repeat(11), '\n'], 10)).rejects.toEqual(new LineTooLong(2));
    await expect(collect(['ok\n', 'é'.repeat(6), '\n'], 10)).rejects.toEqual(new LineTooLong(2));
    await expect(collect(['ok\n', 'x'.repeat(10), '\n'], 10)).resolves.toHaveLength(2);
  });
});

import { StringDecoder } from 'node:string_decoder';

/** A line longer than the reader's bound (its number, 1-based). */
export class LineTooLong extends Error {
  constructor(readonly lineNumber: number) {
    super(`line ${lineNumber} is longer than allowed`);
  }
}

/**
 * The lines of an NDJSON stream with their numbers (1-based), holding at most one line of at most
 * `maxLineBytes` plus one chunk in memory; the reader pulls the next chunk only when the consumer
 * asks for the next line, so a slow consumer slows the sender (back-pressure). Blank lines are skipped.
 */
export async function* ndjsonLines(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<{ lineNumber: number; text: string }> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  /** Where in `pending` the search for the next newline resumes (the part before has none). */
  let scanned = 0;
  let lineNumber = 0;
  const line = (text: string) => {
    lineNumber += 1;
    if (Buffer.byteLength(text) > maxLineBytes) throw new LineTooLong(lineNumber);
    return { lineNumber, text };
  };
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let newline: number;
    while ((newline = pending.indexOf('\n', scanned)) >= 0) {
      const next = line(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      scanned = 0;
      if (next.text.trim() !== '') yield next;
    }
    scanned = pending.length;
    // Characters never outnumber bytes: past this the line is too long whatever it holds.
    if (pending.length > maxLineBytes) throw new LineTooLong(lineNumber + 1);
  }
  pending += decoder.end();
  if (pending.trim() !== '') yield line(pending);
}

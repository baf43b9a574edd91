import http, { IncomingHttpHeaders } from 'node:http';

export interface EarlyAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface PartialBody {
  /** The server's answer, given while the client still owes most of the body. */
  answer: Promise<EarlyAnswer>;
  /** True once the answer has arrived. */
  answered(): boolean;
  /** Gives up on the request (closes its socket). */
  abort(): void;
}

/**
 * Declares a body of `declaredLength` bytes, sends only `firstPart` of it and never the rest. An answer
 * that arrives is the sentinel that the server did not wait for (read) the body: had it tried to, it would
 * still be waiting for bytes that never come.
 */
export function sendPartOfBody(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; declaredLength: number; firstPart: Buffer },
): PartialBody {
  const url = new URL(path, baseUrl);
  let done = false;
  const req = http.request(url, {
    method: options.method ?? 'POST',
    headers: { 'Content-Type': 'application/json', ...options.headers, 'Content-Length': String(options.declaredLength) },
  });
  const answer = new Promise<EarlyAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        done = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        req.destroy();
      });
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
  req.write(options.firstPart);
  return {
    answer,
    answered: () => done,
    abort: () => {
      done = true;
      req.destroy();
    },
  };
}

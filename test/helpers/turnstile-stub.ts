import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A local stand-in for Cloudflare's siteverify: accepts tokens starting with `good-`, records every call. */
export class TurnstileStub {
  /** The form fields of every verification request, in arrival order. */
  readonly calls: Record<string, string>[] = [];
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<TurnstileStub> {
    const server = http.createServer();
    const stub = new TurnstileStub(server);
    server.on('request', (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const fields = Object.fromEntries(new URLSearchParams(body));
        stub.calls.push(fields);
        const success = req.method === 'POST' && fields.response?.startsWith('good-') === true;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(success ? { success: true } : { success: false, 'error-codes': ['invalid-input-response'] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/siteverify`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

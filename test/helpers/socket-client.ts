import type { AddressInfo } from 'node:net';
import WebSocket, { ClientOptions } from 'ws';
import { TestApp } from './test-app';
import { waitUntil } from './waiting';

export interface SocketMessage {
  type: string;
  [field: string]: unknown;
}

export interface CloseEvent {
  code: number;
  reason: string;
}

/** Starts the app's HTTP server on an ephemeral port (sockets need a real one) and returns its ws:// base. */
export async function listenForSockets(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `ws://127.0.0.1:${port}`;
}

export const socketUrl = (base: string, query: Record<string, string>) => `${base}/api/sync/ws?${new URLSearchParams(query)}`;

/** A real `ws` client that records what the server sends, for assertions. */
export class SocketClient {
  readonly messages: SocketMessage[] = [];
  closeEvent?: CloseEvent;
  private pongs = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(data.toString())));
    ws.on('pong', () => (this.pongs += 1));
    ws.on('close', (code, reason) => (this.closeEvent = { code, reason: reason.toString() }));
  }

  /** Resolves once the upgrade succeeded (the server's checks run after it). */
  static open(url: string, options?: ClientOptions): Promise<SocketClient> {
    const ws = new WebSocket(url, options);
    const client = new SocketClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  /** A socket the server accepted: open and greeted with `connected`. */
  static async connect(base: string, token: string, clientId: string, options?: ClientOptions): Promise<SocketClient> {
    const client = await SocketClient.open(socketUrl(base, { token, clientId }), options);
    await client.waitFor('connected');
    return client;
  }

  of(type: string): SocketMessage[] {
    return this.messages.filter((message) => message.type === type);
  }

  waitFor(type: string, timeoutMs?: number): Promise<SocketMessage> {
    return waitUntil(() => this.of(type)[0], `a "${type}" message`, timeoutMs);
  }

  waitForClose(timeoutMs?: number): Promise<CloseEvent> {
    return waitUntil(() => this.closeEvent, 'the socket to close', timeoutMs);
  }

  /**
   * A protocol ping, resolved by the server's pong, or by the close of a socket the server closed
   * meanwhile (a closing socket answers no ping). The server writes a socket's frames in order, so
   * whatever it sent this socket before the pong has arrived by then: the sentinel for "nothing else".
   */
  async roundTrip(timeoutMs?: number): Promise<void> {
    const before = this.pongs;
    if (!this.closeEvent) this.ws.ping();
    await waitUntil(() => this.pongs > before || this.closeEvent, 'a pong (or the close) after a ping', timeoutMs);
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  close(): void {
    this.ws.close();
  }
}

/** The HTTP status an upgrade request gets when the server refuses to switch protocols, or 101. */
export function upgradeStatus(
  url: string,
  options?: ClientOptions,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const ws = new WebSocket(url, options);
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      resolve({ status: 101, headers: {}, body: '' });
      ws.terminate();
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.once('error', reject);
  });
}

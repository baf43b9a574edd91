import type { AddressInfo } from 'node:net';
import WebSocket, { ClientOptions } from 'ws';
import { TestApp } from './test-app';

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

/** Polls until probe() returns a value (not undefined or false); fails with `what` after timeoutMs. */
export async function waitUntil<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A real `ws` client that records what the server sends, for assertions. */
export class SocketClient {
  readonly messages: SocketMessage[] = [];
  closeEvent?: CloseEvent;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push(JSON.parse(data.toString())));
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

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  close(): void {
    this.ws.close();
  }
}

/** The HTTP status an upgrade request gets when the server refuses to switch protocols, or 101. */
export function upgradeStatus(url: string, options?: ClientOptions): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
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

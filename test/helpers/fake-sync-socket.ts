import { WebSocket } from 'ws';
import { SyncSocket } from '../../src/events/sync-socket';

/** A SyncSocket over a stand-in for `ws` that stays open and records what the server does to it (unit tests). */
export function fakeSyncSocket(userId: number, clientId: string) {
  const ws = { readyState: WebSocket.OPEN, send: jest.fn(), ping: jest.fn(), close: jest.fn(), terminate: jest.fn() };
  const socket = new SyncSocket(ws as unknown as WebSocket, userId, clientId, 'token', Date.now());
  return { ws, socket, sent: () => ws.send.mock.calls.map(([json]) => JSON.parse(json)) };
}

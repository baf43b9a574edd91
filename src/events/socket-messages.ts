import type { RawData } from 'ws';

/** Server → client messages of the sync socket (protocol spec §5.2), sent as JSON text frames. */
export type ServerMessage =
  | { type: 'connected'; userId: number; timestamp: number }
  | { type: 'new_ops'; latestSeq: number; timestamp: number }
  | { type: 'ping'; timestamp: number };

/**
 * True for the client's `{"type":"pong"}`, its only meaningful message. Anything else, JSON or not,
 * is ignored (protocol spec §5.2); the 1024-byte cap on inbound frames keeps parsing cheap.
 */
export function isPongMessage(data: RawData, isBinary: boolean): boolean {
  if (isBinary) return false;
  try {
    const message: unknown = JSON.parse(data.toString());
    return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'pong';
  } catch {
    return false;
  }
}

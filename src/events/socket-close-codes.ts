/**
 * Close codes and reasons the sync socket itself decides on (protocol spec §5.1, §5.3); those of
 * close orders from the account flows are in auth/socket-closes.ts. The app decides whether to
 * reconnect from the code (never after 4003, 4008, 4009), so they are part of the contract.
 */
export interface CloseFrame {
  code: number;
  reason: string;
}

export const SocketCloses = {
  MissingToken: { code: 4001, reason: 'Missing token' },
  InvalidClientId: { code: 4001, reason: 'Invalid clientId' },
  InvalidToken: { code: 4003, reason: 'Invalid token' },
  TooManyConnections: { code: 4008, reason: 'Too many connections' },
  ReconnectingTooFast: { code: 4008, reason: 'Reconnecting too fast' },
  Replaced: { code: 4009, reason: 'Replaced by newer connection' },
  InternalError: { code: 1011, reason: 'Internal error' },
  ServerShutdown: { code: 1001, reason: 'Server shutting down' },
} as const satisfies Record<string, CloseFrame>;

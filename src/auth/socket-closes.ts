/**
 * How the account flows close a user's WebSockets (published as `close_sockets`; the events module
 * closes them on every instance). 4003 tells the app not to reconnect (accounts spec §9.3).
 */
export const SocketClose = {
  tokenRevoked: { code: 4003, reason: 'Token revoked' },
  accountDeleted: { code: 4003, reason: 'Account deleted' },
} as const;

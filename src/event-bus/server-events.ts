/**
 * Events that every instance must hear, carried by PostgreSQL NOTIFY on EVENTS_CHANNEL. Each
 * instance LISTENs and acts on its own sockets. Payloads stay tiny (NOTIFY caps them at 8000 bytes)
 * and never carry user data.
 */
export const EVENTS_CHANNEL = 'opsync_events';

export type ServerEvent =
  /** A user's op log grew: tell that user's sockets, except those of the uploading client. */
  | { type: 'new_ops'; userId: number; latestSeq: number; excludeClientId: string }
  /**
   * Close every socket of a user (token replaced, recovery, account deleted), or with `sessionId` only
   * those opened with a token of that session (the session was revoked).
   */
  | { type: 'close_sockets'; userId: number; sessionId?: string; code: number; reason: string }
  /**
   * A sync socket of this clientId was accepted (`socketId` names it): the older socket of the same
   * clientId, on whichever instance, is replaced (4009, protocol spec §5.1).
   */
  | { type: 'client_connected'; userId: number; clientId: string; socketId: string };

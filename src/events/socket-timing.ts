/**
 * The clocks of the sync socket (protocol spec §5.1, §5.2). Production uses SYNC_SOCKET_TIMING;
 * tests override the SOCKET_TIMING provider to run the same logic in milliseconds instead of seconds.
 */
export interface SocketTiming {
  /** How often every socket gets an app-level `ping` plus a protocol ping frame (the client gives up after 45 s of silence). */
  pingIntervalMs: number;
  /** A socket whose last pong is older than this at a ping tick is closed. */
  livenessTimeoutMs: number;
  /** A second socket with the same clientId within this long of the first one's acceptance is refused (sliding). */
  reconnectCooldownMs: number;
}

export const SOCKET_TIMING = Symbol('SOCKET_TIMING');

export const SYNC_SOCKET_TIMING: SocketTiming = {
  pingIntervalMs: 30_000,
  livenessTimeoutMs: 40_000,
  reconnectCooldownMs: 5_000,
};

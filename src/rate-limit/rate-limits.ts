const SECOND = 1000;
const MINUTE = 60 * SECOND;

export interface RateLimitRule {
  limit: number;
  /** Window length in milliseconds. */
  ttl: number;
  /**
   * Every request counts against its client IP's counter (accounts spec §2.5, protocol spec §1.5), whatever
   * token it carries. `perUser` adds a second counter for a signed-in caller, so one account spread over
   * many addresses is held to the limit too; it never replaces the IP counter.
   */
  perUser: boolean;
}

const rule = (limit: number, ttl: number, perUser = true): RateLimitRule => ({ limit, ttl, perUser });

/**
 * Named route limits (accounts spec §2.5, protocol spec §1.5). A route names one with @RateLimit();
 * every other route shares `default`. Each named limit has its own counter.
 */
export const RATE_LIMITS = {
  default: rule(500, 15 * MINUTE),
  registerPasskeyOptions: rule(50, 15 * MINUTE),
  registerPasskeyVerify: rule(50, 15 * MINUTE),
  registerMagicLink: rule(50, 15 * MINUTE),
  verifyEmail: rule(20, 15 * MINUTE),
  verifyEmailPage: rule(20, 15 * MINUTE),
  loginPasskeyOptions: rule(50, 15 * MINUTE),
  loginPasskeyVerify: rule(50, 15 * MINUTE),
  loginMagicLink: rule(50, 15 * MINUTE),
  loginMagicLinkVerify: rule(50, 15 * MINUTE),
  magicLoginPage: rule(50, 15 * MINUTE),
  recoverPasskey: rule(50, 15 * MINUTE),
  recoverPasskeyOptions: rule(50, 15 * MINUTE),
  recoverPasskeyComplete: rule(50, 15 * MINUTE),
  recoverPasskeyPage: rule(50, 15 * MINUTE),
  replaceToken: rule(5, 15 * MINUTE),
  deleteAccount: rule(3, 15 * MINUTE),
  syncDeleteData: rule(3, 15 * MINUTE),
  /** Sharing a store by email (opsync-api.md §5): its answers tell which emails are verified accounts. */
  shareStore: rule(20, 15 * MINUTE),
  /** Whole-account streams (opsync-api.md §11): each one holds a transaction for its length. */
  accountExport: rule(10, 15 * MINUTE),
  accountImport: rule(5, 15 * MINUTE),
  /** The per-IP layer; the per-user layer of the upload is the operations module's. */
  syncUploadOps: rule(100, MINUTE, false),
  syncDownloadOps: rule(200, MINUTE),
  syncSnapshot: rule(10, 15 * MINUTE),
  syncStatus: rule(60, MINUTE),
  syncDevices: rule(30, MINUTE),
  syncRestorePoints: rule(30, MINUTE),
  syncRestore: rule(10, 5 * MINUTE),
  /** The WebSocket upgrade, counted by the events gateway itself per `IP:clientId` (or IP without a valid clientId). */
  syncWebSocket: rule(120, MINUTE, false),
} satisfies Record<string, RateLimitRule>;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** "15 minutes", "1 minute", "30 seconds": the app parses `retry in N minute(s)|second(s)`. */
export function describeWindow(ttlMs: number): string {
  const [amount, unit] = ttlMs % MINUTE === 0 ? [ttlMs / MINUTE, 'minute'] : [Math.ceil(ttlMs / SECOND), 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

/**
 * The caller of an authenticated route: identity from the verified token (accounts spec §4.2). It
 * lives below the features so that every module's routes name their caller without importing auth.
 */
export interface AuthUser {
  userId: number;
  email: string;
  /** The token's session (opsync-api.md §1); null for a token issued before sessions existed. */
  sessionId: string | null;
}

/** Claims OpSync puts in every access token (accounts spec §4.1, plus `sid`/`gen` of opsync-api.md §1). */
export interface AccessTokenClaims {
  userId: number;
  email: string;
  tokenVersion: number;
  /** The token's session and that session's generation; both absent in a token issued before sessions existed. */
  session?: { sid: string; gen: number };
}

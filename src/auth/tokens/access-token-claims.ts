/** Claims OpSync puts in every access token (accounts spec §4.1). */
export interface AccessTokenClaims {
  userId: number;
  email: string;
  tokenVersion: number;
}

/** The caller of an authenticated route: identity from the verified token (accounts spec §4.2). */
export interface AuthUser {
  userId: number;
  email: string;
}

/** Claims OpSync puts in every access token (accounts spec §4.1). */
export interface AccessTokenClaims {
  userId: number;
  email: string;
  tokenVersion: number;
}

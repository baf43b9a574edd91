/**
 * The five 401 reasons of protocol spec §1.2 / accounts spec §4.4. Clients show the text (the app
 * keeps the first 80 characters), so it is part of the contract; the body is exactly `{ error }`.
 */
export const AuthFailure = {
  MissingHeader: 'Missing or invalid Authorization header',
  InvalidToken: 'Invalid token',
  Expired: 'Token expired. Please log in again to get a new token.',
  Revoked: 'Token was revoked. Please log in again to get a new token.',
  AccountUnavailable: 'Account unavailable',
} as const;
export type AuthFailureReason = (typeof AuthFailure)[keyof typeof AuthFailure];

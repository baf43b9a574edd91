import { HttpStatus } from '@nestjs/common';
import { ApiError, ErrorCatalogue } from '../common';

/**
 * The five 401 reasons of protocol spec §1.2 / accounts spec §4.4. Clients show the text (the app
 * keeps the first 80 characters), so it is part of the contract; the body is exactly `{ error }`.
 */
export const AuthFailure = {
  MissingHeader: { status: HttpStatus.UNAUTHORIZED, message: 'Missing or invalid Authorization header', body: 'exact' },
  InvalidToken: { status: HttpStatus.UNAUTHORIZED, message: 'Invalid token', body: 'exact' },
  Expired: { status: HttpStatus.UNAUTHORIZED, message: 'Token expired. Please log in again to get a new token.', body: 'exact' },
  Revoked: { status: HttpStatus.UNAUTHORIZED, message: 'Token was revoked. Please log in again to get a new token.', body: 'exact' },
  AccountUnavailable: { status: HttpStatus.UNAUTHORIZED, message: 'Account unavailable', body: 'exact' },
} as const satisfies ErrorCatalogue;

/** A verdict on the token (one of the 401s above), as opposed to a failure to check it (database down). */
export function isAuthFailure(error: unknown): error is ApiError {
  return error instanceof ApiError && (Object.values(AuthFailure) as readonly unknown[]).includes(error.entry);
}

/**
 * Errors of the account flows (accounts spec §3.0 catalogue) and of replace-token. The messages are
 * shown by the web page and the app; the short labels (`Authentication failed`, ...) are compared
 * literally by tests, so they are fixed. The status is the one the spec gives the route.
 */
export const AuthError = {
  /** E-NOT-ALLOWED: the address is not on ALLOWED_EMAILS (registration only). */
  EmailNotAllowed: {
    status: HttpStatus.FORBIDDEN,
    code: 'EMAIL_NOT_ALLOWED',
    message: 'Registration is not allowed for this email address',
  },
  /** opsync-api.md §10: with TURNSTILE_SECRET set, a registration without a turnstileToken that verifies. */
  BotCheckFailed: { status: HttpStatus.BAD_REQUEST, code: 'BOT_CHECK_FAILED', message: 'Bot check failed. Please try again.' },
  /** E-CHALLENGE of registration and recovery: no live WebAuthn challenge (never issued, expired, or used). */
  ChallengeNotFound: {
    status: HttpStatus.BAD_REQUEST,
    code: 'CHALLENGE_NOT_FOUND',
    message: 'Challenge expired or not found. Please start again.',
  },
  /** E-CHALLENGE of passkey login, which answers every failure with 401. */
  LoginChallengeNotFound: {
    status: HttpStatus.UNAUTHORIZED,
    code: 'CHALLENGE_NOT_FOUND',
    message: 'Challenge expired or not found. Please start again.',
  },
  /** E-PASSKEY: the attestation did not verify (origin, RP id, challenge, signature, format). */
  PasskeyVerificationFailed: {
    status: HttpStatus.BAD_REQUEST,
    code: 'PASSKEY_VERIFICATION_FAILED',
    message: 'Passkey verification failed. Please try again.',
  },
  /** E-AUTH: any passkey-login failure other than the challenge and unverified cases (deliberately vague; also that route's fallback). */
  AuthenticationFailed: { status: HttpStatus.UNAUTHORIZED, code: 'AUTHENTICATION_FAILED', message: 'Authentication failed' },
  /** E-NOT-VERIFIED: the credential's owner has not verified the email address. */
  EmailNotVerified: { status: HttpStatus.UNAUTHORIZED, code: 'EMAIL_NOT_VERIFIED', message: 'Email not verified' },
  /** E-VERIFY-INVALID: unknown, used or superseded verification token. */
  InvalidVerificationToken: { status: HttpStatus.BAD_REQUEST, code: 'INVALID_VERIFICATION_TOKEN', message: 'Invalid verification token' },
  /** E-VERIFY-EXPIRED: the verification token is older than 24 hours. */
  VerificationTokenExpired: {
    status: HttpStatus.BAD_REQUEST,
    code: 'VERIFICATION_TOKEN_EXPIRED',
    message: 'Verification token has expired',
  },
  /** E-LOGIN-LINK: unknown, used or expired magic-login token (also the fallback of that route). */
  InvalidLoginLink: { status: HttpStatus.UNAUTHORIZED, code: 'INVALID_LOGIN_LINK', message: 'Invalid or expired login link' },
  /** E-RECOVERY-TOKEN: unknown, used or expired passkey-recovery token (also the fallback of recovery options). */
  InvalidRecoveryToken: { status: HttpStatus.BAD_REQUEST, code: 'INVALID_RECOVERY_TOKEN', message: 'Invalid or expired recovery token' },

  // Generic fallbacks (accounts spec §2.4): an unexpected failure inside the route, details only in the server log.
  RegistrationFailed: { status: HttpStatus.BAD_REQUEST, code: 'REGISTRATION_FAILED', message: 'Registration failed. Please try again.' },
  PasskeyRegistrationFailed: {
    status: HttpStatus.BAD_REQUEST,
    code: 'PASSKEY_REGISTRATION_FAILED',
    message: 'Passkey registration failed. Please try again.',
  },
  VerificationFailed: {
    status: HttpStatus.BAD_REQUEST,
    code: 'VERIFICATION_FAILED',
    message: 'Email verification failed. Please try again.',
  },
  LoginOptionsFailed: {
    status: HttpStatus.BAD_REQUEST,
    code: 'LOGIN_OPTIONS_FAILED',
    message: 'Failed to generate login options. Please try again.',
  },
  LoginLinkFailed: { status: HttpStatus.BAD_REQUEST, code: 'LOGIN_LINK_FAILED', message: 'Failed to send login link. Please try again.' },
  RecoveryRequestFailed: {
    status: HttpStatus.BAD_REQUEST,
    code: 'RECOVERY_REQUEST_FAILED',
    message: 'Recovery request failed. Please try again.',
  },
  RecoveryFailed: {
    status: HttpStatus.BAD_REQUEST,
    code: 'PASSKEY_RECOVERY_FAILED',
    message: 'Passkey recovery failed. Please try again.',
  },
  AccountDeletionFailed: {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'ACCOUNT_DELETION_FAILED',
    message: 'Failed to delete account. Please try again.',
  },
  /**
   * Any internal failure of a token replacement (protocol spec §3.9, accounts spec §3.13): the spec
   * fixes the body `{ error }` (no errorCode). The app shows the text and does not retry.
   */
  TokenReplacementFailed: {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    message: 'Failed to replace token. Please try again.',
    body: 'exact',
  },
} as const satisfies ErrorCatalogue;

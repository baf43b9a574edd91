import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';

/**
 * Stable codes and the user-safe messages of the account flows (accounts spec §3.0 catalogue). The
 * messages are shown by the web page and the app; the short labels (`Authentication failed`, ...)
 * are compared literally by tests, so they are fixed.
 */
export const AuthFlowError = {
  /** E-NOT-ALLOWED: the address is not on ALLOWED_EMAILS (registration only). */
  EmailNotAllowed: { code: 'EMAIL_NOT_ALLOWED', message: 'Registration is not allowed for this email address' },
  /** E-CHALLENGE: no live WebAuthn challenge for this ceremony (never issued, expired, or used). */
  ChallengeNotFound: { code: 'CHALLENGE_NOT_FOUND', message: 'Challenge expired or not found. Please start again.' },
  /** E-PASSKEY: the attestation did not verify (origin, RP id, challenge, signature, format). */
  PasskeyVerificationFailed: { code: 'PASSKEY_VERIFICATION_FAILED', message: 'Passkey verification failed. Please try again.' },
  /** E-AUTH: any passkey-login failure other than the challenge and unverified cases (deliberately vague). */
  AuthenticationFailed: { code: 'AUTHENTICATION_FAILED', message: 'Authentication failed' },
  /** E-NOT-VERIFIED: the credential's owner has not verified the email address. */
  EmailNotVerified: { code: 'EMAIL_NOT_VERIFIED', message: 'Email not verified' },
  /** E-VERIFY-INVALID: unknown, used or superseded verification token. */
  InvalidVerificationToken: { code: 'INVALID_VERIFICATION_TOKEN', message: 'Invalid verification token' },
  /** E-VERIFY-EXPIRED: the verification token is older than 24 hours. */
  VerificationTokenExpired: { code: 'VERIFICATION_TOKEN_EXPIRED', message: 'Verification token has expired' },
  /** E-LOGIN-LINK: unknown, used or expired magic-login token (also the fallback of that route). */
  InvalidLoginLink: { code: 'INVALID_LOGIN_LINK', message: 'Invalid or expired login link' },
  /** E-RECOVERY-TOKEN: unknown, used or expired passkey-recovery token. */
  InvalidRecoveryToken: { code: 'INVALID_RECOVERY_TOKEN', message: 'Invalid or expired recovery token' },
  /** Generic fallbacks: an unexpected failure inside the route, details only in the server log. */
  RegistrationFailed: { code: 'REGISTRATION_FAILED', message: 'Registration failed. Please try again.' },
  PasskeyRegistrationFailed: { code: 'PASSKEY_REGISTRATION_FAILED', message: 'Passkey registration failed. Please try again.' },
  VerificationFailed: { code: 'VERIFICATION_FAILED', message: 'Email verification failed. Please try again.' },
  LoginOptionsFailed: { code: 'LOGIN_OPTIONS_FAILED', message: 'Failed to generate login options. Please try again.' },
  LoginLinkFailed: { code: 'LOGIN_LINK_FAILED', message: 'Failed to send login link. Please try again.' },
  RecoveryRequestFailed: { code: 'RECOVERY_REQUEST_FAILED', message: 'Recovery request failed. Please try again.' },
  RecoveryFailed: { code: 'PASSKEY_RECOVERY_FAILED', message: 'Passkey recovery failed. Please try again.' },
  AccountDeletionFailed: { code: 'ACCOUNT_DELETION_FAILED', message: 'Failed to delete account. Please try again.' },
} as const;

export type AuthFlowFailure = (typeof AuthFlowError)[keyof typeof AuthFlowError];

export function authFlowError(status: HttpStatus, failure: AuthFlowFailure): ApiError {
  return new ApiError(status, failure.code, failure.message);
}

/**
 * The neutral answers (accounts spec §3.0): one sentence per kind, identical for every account state,
 * which is the enumeration defence (§7.1).
 */
export const NeutralMessage = {
  registered: 'Registration successful. Please check your email to verify your account.',
  registeredAutoVerified: 'Registration successful. Your account was verified automatically (test mode).',
  loginLinkSent: 'If an account with that email exists, a login link has been sent.',
  recoveryLinkSent: 'If an account with that email exists, a recovery link has been sent.',
  emailVerified: 'Your email address is verified. You can now log in.',
  passkeyRecovered: 'Your passkey was reset. Log in with your new passkey.',
} as const;

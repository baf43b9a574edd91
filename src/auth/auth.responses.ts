/** `{token, user}`: a successful login (accounts spec §3.7 step 9, §3.9 step 6) and replace-token (§3.13). */
export interface TokenResponse {
  token: string;
  user: { id: number; email: string };
}

export function toTokenResponse(token: string, account: { id: number; email: string }): TokenResponse {
  return { token, user: { id: account.id, email: account.email } };
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

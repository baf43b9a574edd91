import { Allow } from 'class-validator';
import { IgnoresUnknownFields } from '../../common';
import { IsAccountEmail, IsEmailToken, IsTermsAccepted, IsWebAuthnCredential } from './account-fields';

/*
 * Request bodies of the account routes (accounts spec §3). Unknown fields are ignored, not refused
 * (§2.2): the web page and older clients may send more than these.
 */

/** `POST /api/register/passkey/options`, `POST /api/register/magic-link`. */
@IgnoresUnknownFields()
export class RegistrationRequestDto {
  @IsAccountEmail()
  email!: string;

  @IsTermsAccepted()
  termsAccepted?: boolean;

  /** The Turnstile widget's token (opsync-api.md §10); checked by BotCheck, so any value passes validation. */
  @Allow()
  turnstileToken?: unknown;
}

/** `POST /api/login/passkey/options`, `POST /api/login/magic-link`, `POST /api/recover/passkey`. */
@IgnoresUnknownFields()
export class EmailRequestDto {
  @IsAccountEmail()
  email!: string;
}

/** `POST /api/register/passkey/verify` (RegistrationResponseJSON), `POST /api/login/passkey/verify` (AuthenticationResponseJSON). */
@IgnoresUnknownFields()
export class EmailCredentialRequestDto {
  @IsAccountEmail()
  email!: string;

  @IsWebAuthnCredential()
  credential!: Record<string, unknown>;
}

/** `POST /api/register/passkey/verify`: the credential, and a fresh Turnstile token when bot protection is on. */
@IgnoresUnknownFields()
export class RegistrationCredentialRequestDto extends EmailCredentialRequestDto {
  /** As on RegistrationRequestDto: a second widget token, since each verifies once. */
  @Allow()
  turnstileToken?: unknown;
}

/** `POST /api/verify-email`, `POST /api/login/magic-link/verify`, `POST /api/recover/passkey/options`. */
@IgnoresUnknownFields()
export class TokenRequestDto {
  @IsEmailToken()
  token!: string;
}

/** `POST /api/recover/passkey/complete`. */
@IgnoresUnknownFields()
export class RecoveryCompleteRequestDto {
  @IsEmailToken()
  token!: string;

  @IsWebAuthnCredential()
  credential!: Record<string, unknown>;
}

import { applyDecorators } from '@nestjs/common';
import { IsBoolean, IsNotEmpty, IsObject, IsOptional, IsString, Matches } from 'class-validator';

/**
 * The email rule of accounts spec §2.3 (zod v4's default pattern): ASCII local part of letters, digits
 * and `_ ' + - .`, not starting with a dot, no `..` anywhere, last local character not a dot or quote;
 * domain labels of letters, digits and hyphens (not starting with a hyphen) and a final alphabetic
 * label of at least two letters. So `user@localhost`, IP literals and non-ASCII addresses fail.
 */
export const ACCOUNT_EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export const IsAccountEmail = () =>
  applyDecorators(IsString({ message: 'Invalid email format' }), Matches(ACCOUNT_EMAIL_PATTERN, { message: 'Invalid email format' }));

/** An email-borne token: any non-empty string (no format check, accounts spec §2.3). */
export const IsEmailToken = () => applyDecorators(IsString({ message: 'Token is required' }), IsNotEmpty({ message: 'Token is required' }));

/** A WebAuthn response as the browser helper produces it; its contents are checked by the verifier. */
export const IsWebAuthnCredential = () => applyDecorators(IsObject({ message: 'Credential must be an object' }));

/** Optional boolean; whether it must be true depends on the consent configuration (accounts spec §7.7). */
export const IsTermsAccepted = () => applyDecorators(IsOptional(), IsBoolean({ message: 'termsAccepted must be a boolean' }));

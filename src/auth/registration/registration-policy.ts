import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config';
import { ApiError, PipelineError } from '../../common';
import { AuthError } from '../auth.errors';

/** Verification mails per unverified address: 1 initial + this many re-registrations (accounts spec §3.3). */
export const MAX_VERIFICATION_RESENDS = 20;

/**
 * Who may register (accounts spec §6.6, §7.7): consent when a privacy policy is published, then the
 * ALLOWED_EMAILS rules. Checked by the three registration routes only.
 */
@Injectable()
export class RegistrationPolicy {
  constructor(private readonly config: AppConfig) {}

  /** True when consent is required, i.e. a privacy policy is published. */
  get consentRequired(): boolean {
    return this.config.privacy !== null;
  }

  /** When consent was required (and therefore given): the time to record; otherwise null (§7.7). */
  consentTime(now: number): number | null {
    return this.consentRequired ? now : null;
  }

  /** The start of a registration: 400 Validation failed when consent is missing, then the allow-list. */
  checkStart(email: string, termsAccepted: boolean | undefined): void {
    if (this.consentRequired && termsAccepted !== true) throw this.consentMissing();
    this.checkAllowed(email);
  }

  /** 403 E-NOT-ALLOWED unless ALLOWED_EMAILS admits the address. */
  checkAllowed(email: string): void {
    if (!emailAllowed(email, this.config.allowedEmails)) throw new ApiError(AuthError.EmailNotAllowed);
  }

  /** Same envelope as the validation pipe; the message names no document that may not exist. */
  private consentMissing(): ApiError {
    const issue = { code: 'consentRequired', path: ['termsAccepted'], message: 'You must accept the linked legal documents to register' };
    return new ApiError(PipelineError.ValidationFailed, this.config.isProduction ? {} : { details: [issue] });
  }
}

/** `*@domain.tld` matches exactly that domain (no sub-domains); any other rule is a whole address. */
export function emailAllowed(email: string, rules: string[]): boolean {
  if (rules.length === 0) return true;
  const address = email.toLowerCase();
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return rules.some((rule) => (rule.startsWith('*@') ? rule.slice(2) === domain : rule === address));
}

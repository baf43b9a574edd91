import { Injectable } from '@nestjs/common';
import { AccountMailer } from '../../mail';
import { EMAIL_TOKEN_LIFETIME_MS, issueEmailToken } from '../email-token';
import { TokenSlot, UsersRepository } from './users.repository';

const SLOT_MAILS = {
  login: { kind: 'magicLogin', lifetimeMs: EMAIL_TOKEN_LIFETIME_MS.magicLogin },
  recovery: { kind: 'passkeyRecovery', lifetimeMs: EMAIL_TOKEN_LIFETIME_MS.passkeyRecovery },
} as const;

/**
 * Mails a login or recovery link (accounts spec §3.8 steps 3–5, §3.10): the new token must first win
 * the account's slot (empty or expired), so concurrent requests send at most one mail and a live link
 * is never rotated; a failed send empties the slot again (only if it still holds this token).
 */
@Injectable()
export class OneTimeLinkMailer {
  constructor(
    private readonly users: UsersRepository,
    private readonly mailer: AccountMailer,
  ) {}

  async send(slot: TokenSlot, account: { id: number; email: string }): Promise<void> {
    const { kind, lifetimeMs } = SLOT_MAILS[slot];
    const now = Date.now();
    const issued = issueEmailToken(lifetimeMs, now);
    if (!(await this.users.claimSlot(slot, account.id, issued, now))) return;
    if (!(await this.mailer.send(kind, account.email, issued.token))) await this.users.releaseSlot(slot, account.id, issued.digest);
  }
}

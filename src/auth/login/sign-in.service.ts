import { Injectable } from '@nestjs/common';
import { AuditEventType } from '../../audit/audit-event-types';
import { AuditService } from '../../audit/audit.service';
import { ClientContext } from '../../common/client-context';
import { Db } from '../../database/prisma.service';
import { SignInAccount } from '../accounts/users.repository';
import { TokenService } from '../token.service';

export type SignInMethod = 'passkey' | 'magic_link';

/** `{token, user}` of a successful login (accounts spec §3.7 step 9, §3.9 step 6). */
export interface SignInResponse {
  token: string;
  user: { id: number; email: string };
}

/** The end of every login: an access token for the account's current version, and the audit event. */
@Injectable()
export class SignInService {
  constructor(
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  async complete(account: SignInAccount, method: SignInMethod, client: ClientContext, tx: Db): Promise<SignInResponse> {
    await this.audit.record({ userId: account.id, type: AuditEventType.SignedIn, client, details: { method } }, tx);
    const token = this.tokens.sign({ userId: account.id, email: account.email, tokenVersion: account.tokenVersion });
    return { token, user: { id: account.id, email: account.email } };
  }
}

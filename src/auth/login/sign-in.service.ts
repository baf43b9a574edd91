import { Injectable } from '@nestjs/common';
import { Db } from '../../database';
import { SessionsService } from '../../devices';
import { ClientContext } from '../../common';
import { AuditEventType, AuditService } from '../../audit';
import { SignInAccount } from '../accounts/users.repository';
import { TokenResponse, toTokenResponse } from '../auth.responses';
import { TokenService } from '../tokens/token.service';

export type SignInMethod = 'passkey' | 'magic_link';

/** The end of every login: a new session, an access token of it for the account's current version, and the audit event. */
@Injectable()
export class SignInService {
  constructor(
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  async complete(account: SignInAccount, method: SignInMethod, client: ClientContext, tx: Db): Promise<TokenResponse> {
    const { sessionId, generation } = await this.sessions.open(account.id, client, tx);
    await this.audit.record({ userId: account.id, type: AuditEventType.SignedIn, client, sessionId, details: { method } }, tx);
    const session = { sid: sessionId, gen: generation };
    return toTokenResponse(
      this.tokens.sign({ userId: account.id, email: account.email, tokenVersion: account.tokenVersion, session }),
      account,
    );
  }
}

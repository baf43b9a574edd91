import { HttpStatus, Injectable } from '@nestjs/common';
import { ClientContext } from '../../common/client-context';
import { PrismaService } from '../../database/prisma.service';
import { AccountMailer } from '../../mail/account-mailer';
import { UsersRepository } from '../accounts/users.repository';
import { AuthFlowError, authFlowError, NeutralMessage } from '../auth-flows.errors';
import { EMAIL_TOKEN_LIFETIME_MS, issueEmailToken } from '../email-token';
import { sha256Hex } from '../secret-digest';
import { SignInResponse, SignInService } from './sign-in.service';

/**
 * Magic-link login (accounts spec §3.8, §3.9): at most one outstanding login token per account, no
 * re-send while it is valid, and redemption by one conditional statement.
 */
@Injectable()
export class MagicLinkLoginService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly mailer: AccountMailer,
    private readonly signIn: SignInService,
  ) {}

  /** Always the neutral answer; only a verified account without a live token gets a mail. */
  async request(email: string): Promise<{ message: string }> {
    const sent = { message: NeutralMessage.loginLinkSent };
    const account = await this.users.findByEmail(email.toLowerCase());
    if (!account || !account.isVerified) return sent;
    const now = Date.now();
    const login = issueEmailToken(EMAIL_TOKEN_LIFETIME_MS.magicLogin, now);
    if (!(await this.users.claimSlot('login', account.id, login, now))) return sent;
    if (!(await this.mailer.send('magicLogin', account.email, login.token))) await this.users.releaseSlot('login', account.id, login.digest);
    return sent;
  }

  async redeem(token: string, client: ClientContext): Promise<SignInResponse> {
    const digest = sha256Hex(token);
    const now = Date.now();
    const response = await this.prisma.$transaction(async (tx) => {
      const account = await this.users.redeemLoginToken(digest, now, tx);
      return account && this.signIn.complete(account, 'magic_link', client, tx);
    });
    if (response) return response;
    await this.users.clearExpiredSlot('login', digest, now);
    throw authFlowError(HttpStatus.UNAUTHORIZED, AuthFlowError.InvalidLoginLink);
  }
}

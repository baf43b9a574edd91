import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database';
import { ApiError, ClientContext } from '../../common';
import { OneTimeLinkMailer } from '../accounts/one-time-link-mailer';
import { UsersRepository } from '../accounts/users.repository';
import { AuthError } from '../auth.errors';
import { NeutralMessage, TokenResponse } from '../auth.responses';
import { sha256Hex } from '../secret-digest';
import { SignInService } from './sign-in.service';

/**
 * Magic-link login (accounts spec §3.8, §3.9): at most one outstanding login token per account, no
 * re-send while it is valid, and redemption by one conditional statement.
 */
@Injectable()
export class MagicLinkLoginService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly links: OneTimeLinkMailer,
    private readonly signIn: SignInService,
  ) {}

  /** Always the neutral answer; only a verified account without a live token gets a mail. */
  async request(email: string): Promise<{ message: string }> {
    const account = await this.users.findByEmail(email.toLowerCase());
    if (account?.isVerified) await this.links.send('login', account);
    return { message: NeutralMessage.loginLinkSent };
  }

  async redeem(token: string, client: ClientContext): Promise<TokenResponse> {
    const digest = sha256Hex(token);
    const now = Date.now();
    const response = await this.prisma.$transaction(async (tx) => {
      const account = await this.users.redeemLoginToken(digest, now, tx);
      return account && this.signIn.complete(account, 'magic_link', client, tx);
    });
    if (response) return response;
    await this.users.clearExpiredSlot('login', digest, now);
    throw new ApiError(AuthError.InvalidLoginLink);
  }
}

import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { EventBus } from '../../event-bus';
import { SessionsService } from '../../devices';
import { PrismaService } from '../../database';
import { ApiError, ClientContext } from '../../common';
import { AuditEventType, AuditService } from '../../audit';
import { OneTimeLinkMailer } from '../accounts/one-time-link-mailer';
import { UsersRepository } from '../accounts/users.repository';
import { AuthError } from '../auth.errors';
import { NeutralMessage } from '../auth.responses';
import { RecoveryCompleteRequestDto } from '../dto/account-requests.dto';
import { sha256Hex } from '../secret-digest';
import { SocketClose } from '../socket-closes';
import { ChallengeStore } from '../webauthn/challenge-store';
import { PasskeysRepository } from '../webauthn/passkeys.repository';
import { RelyingParty } from '../webauthn/relying-party';

/**
 * Passkey recovery (accounts spec §3.10–§3.12): an emailed link lets the owner replace every passkey
 * of the account by one new one; completing it revokes every access token and closes every socket.
 */
@Injectable()
export class PasskeyRecoveryService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly passkeys: PasskeysRepository,
    private readonly challenges: ChallengeStore,
    private readonly relyingParty: RelyingParty,
    private readonly links: OneTimeLinkMailer,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Always the neutral answer. Mails only a verified, password-less account with at least one passkey
   * and no live recovery token (magic-link-only accounts log in by magic link instead).
   */
  async request(email: string): Promise<{ message: string }> {
    const account = await this.users.findByEmail(email.toLowerCase());
    if (account && !account.hasPassword && account.isVerified && (await this.passkeys.countForUser(account.id)) > 0)
      await this.links.send('recovery', account);
    return { message: NeutralMessage.recoveryLinkSent };
  }

  /** Creation options for the replacement passkey; the token stays valid (the page may ask again). */
  async options(token: string): Promise<{ email: string; options: PublicKeyCredentialCreationOptionsJSON }> {
    const account = await this.accountHolding(token);
    const options = await this.relyingParty.creationOptions(account.email, 'preferred');
    await this.challenges.save('recovery', token, options.challenge);
    return { email: account.email, options };
  }

  async complete(body: RecoveryCompleteRequestDto, client: ClientContext): Promise<{ message: string }> {
    const { digest } = await this.accountHolding(body.token);
    const expected = await this.challenges.take('recovery', body.token);
    if (!expected) throw new ApiError(AuthError.ChallengeNotFound);
    const credential = await this.relyingParty.verifyRegistration(body.credential, expected);
    if (!credential) throw new ApiError(AuthError.PasskeyVerificationFailed);
    await this.prisma.$transaction(async (tx) => {
      const userId = await this.users.redeemRecoveryToken(digest, Date.now(), tx);
      if (userId === null) throw invalidToken();
      const removed = await this.passkeys.deleteAllForUser(userId, tx);
      await this.passkeys.add(userId, credential, tx);
      if (removed > 0)
        await this.audit.record(
          { userId, type: AuditEventType.PasskeyRemoved, client, details: { reason: 'recovery', count: removed } },
          tx,
        );
      await this.audit.record({ userId, type: AuditEventType.PasskeyAdded, client, details: { reason: 'recovery' } }, tx);
      await this.audit.record({ userId, type: AuditEventType.RecoveryCompleted, client }, tx);
      await this.sessions.revokeAll(userId, tx);
      await this.events.publish({ type: 'close_sockets', userId, ...SocketClose.tokenRevoked }, tx);
    });
    return { message: NeutralMessage.passkeyRecovered };
  }

  /** The account holding this unexpired recovery token; an expired one is cleared on the way. */
  private async accountHolding(token: string): Promise<{ id: number; email: string; digest: string }> {
    const digest = sha256Hex(token);
    const account = await this.users.findByRecoveryToken(digest);
    if (!account) throw invalidToken();
    const now = Date.now();
    if (account.expiresAt <= now) {
      await this.users.clearExpiredSlot('recovery', digest, now);
      throw invalidToken();
    }
    return { ...account, digest };
  }
}

const invalidToken = () => new ApiError(AuthError.InvalidRecoveryToken);

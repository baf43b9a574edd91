import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { AccountMailer } from '../../mail';
import { Db, PrismaService } from '../../database';
import { AppConfig } from '../../config';
import { ApiError, ClientContext } from '../../common';
import { AuditEventType, AuditService } from '../../audit';
import { Prisma } from '../../generated/prisma/client';
import { AccountRow, StoredToken, UsersRepository } from '../accounts/users.repository';
import { AuthError } from '../auth.errors';
import { NeutralMessage } from '../auth.responses';
import { EmailCredentialRequestDto, RegistrationRequestDto } from '../dto/account-requests.dto';
import { EMAIL_TOKEN_LIFETIME_MS, issueEmailToken } from '../email-token';
import { EmailVerificationService } from '../verification/email-verification.service';
import { ChallengeStore } from '../webauthn/challenge-store';
import { RelyingParty } from '../webauthn/relying-party';
import { PendingRegistrationsRepository } from './pending-registrations.repository';
import { MAX_VERIFICATION_RESENDS, RegistrationPolicy } from './registration-policy';

type Message = { message: string };
const REGISTERED: Message = { message: NeutralMessage.registered };

/**
 * Registration by passkey and by magic link (accounts spec §3.1–§3.3). Every outcome after the
 * checks (new, unverified, verified, capped, race lost, mail failed) answers the same neutral message
 * (§7.1). Accounts start unverified; in TEST_MODE they are verified at once and no mail is sent.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly policy: RegistrationPolicy,
    private readonly challenges: ChallengeStore,
    private readonly relyingParty: RelyingParty,
    private readonly users: UsersRepository,
    private readonly pending: PendingRegistrationsRepository,
    private readonly verification: EmailVerificationService,
    private readonly mailer: AccountMailer,
    private readonly audit: AuditService,
  ) {}

  /** §3.1: creation options; the answer never depends on whether the account exists. */
  async passkeyOptions(body: RegistrationRequestDto): Promise<PublicKeyCredentialCreationOptionsJSON> {
    this.policy.checkStart(body.email, body.termsAccepted);
    const options = await this.relyingParty.creationOptions(body.email, 'required');
    await this.challenges.save('registration', body.email, options.challenge);
    return options;
  }

  /** §3.2: stages the credential as pending, bound to a new verification link. */
  async passkeyVerify(body: EmailCredentialRequestDto, client: ClientContext): Promise<Message> {
    this.policy.checkAllowed(body.email);
    const expected = await this.challenges.take('registration', body.email);
    if (!expected) throw new ApiError(AuthError.ChallengeNotFound);
    const credential = await this.relyingParty.verifyRegistration(body.credential, expected);
    if (!credential) throw new ApiError(AuthError.PasskeyVerificationFailed);

    const email = body.email.toLowerCase();
    const verification = issueEmailToken(EMAIL_TOKEN_LIFETIME_MS.verification);
    const existing = await this.users.findByEmail(email);
    if (existing && !mayRegisterAgain(existing)) return REGISTERED;
    const userId = await ignoringConcurrentTwin(() =>
      this.prisma.$transaction(async (tx) => {
        let id: number;
        if (existing) {
          // Conditional: another link may have verified the account, or others reached the cap, meanwhile.
          if (!(await this.users.countRegistration(existing.id, MAX_VERIFICATION_RESENDS, {}, tx))) return null;
          id = existing.id;
        } else {
          id = await this.createAccount(email, 'passkey', undefined, client, tx);
        }
        await this.pending.add(id, credential, verification, tx);
        return id;
      }),
    );
    if (userId === null) return REGISTERED;
    if (this.config.testMode) return this.autoVerify(verification.token, client);
    await this.mailer.send('verification', existing?.email ?? email, verification.token);
    return REGISTERED;
  }

  /** §3.3: email-only registration; a re-registration replaces the account's previous link. */
  async magicLink(body: RegistrationRequestDto, client: ClientContext): Promise<Message> {
    this.policy.checkStart(body.email, body.termsAccepted);
    const email = body.email.toLowerCase();
    const verification = issueEmailToken(EMAIL_TOKEN_LIFETIME_MS.verification);
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (!mayRegisterAgain(existing)) return REGISTERED;
      // The new link is mailed before it replaces the old one: if sending fails, the old link still works.
      if (!this.config.testMode && !(await this.mailer.send('verification', existing.email, verification.token))) return REGISTERED;
      const consentAt = this.policy.consentTime(Date.now());
      const change = { verification, ...(consentAt !== null ? { termsAcceptedAt: consentAt } : {}) };
      if (!(await this.users.countRegistration(existing.id, MAX_VERIFICATION_RESENDS, change))) return REGISTERED;
    } else {
      const userId = await ignoringConcurrentTwin(() =>
        this.prisma.$transaction((tx) => this.createAccount(email, 'magic_link', verification, client, tx)),
      );
      if (userId === null) return REGISTERED;
      if (!this.config.testMode) await this.mailer.send('verification', email, verification.token);
    }
    return this.config.testMode ? this.autoVerify(verification.token, client) : REGISTERED;
  }

  private async createAccount(
    email: string,
    method: 'passkey' | 'magic_link',
    verification: StoredToken | undefined,
    client: ClientContext,
    tx: Db,
  ): Promise<number> {
    const userId = await this.users.create(
      {
        email,
        verification,
        termsAcceptedAt: this.policy.consentTime(Date.now()),
        storageQuotaBytes: this.config.defaultStorageQuotaBytes,
      },
      tx,
    );
    await this.audit.record({ userId, type: AuditEventType.AccountCreated, client, details: { method } }, tx);
    return userId;
  }

  /** TEST_MODE (§3.18): the new link is followed on the spot instead of being mailed. */
  private async autoVerify(token: string, client: ClientContext): Promise<Message> {
    await this.verification.verify(token, client);
    return { message: NeutralMessage.registeredAutoVerified };
  }
}

/** Verified accounts and accounts at the resend cap get the neutral answer and nothing else. */
function mayRegisterAgain(account: AccountRow): boolean {
  return !account.isVerified && account.verificationResendCount < MAX_VERIFICATION_RESENDS;
}

/** Two requests creating one address at once: the loser answers neutrally (§3.2 step 10, §3.3 step 7). */
async function ignoringConcurrentTwin(create: () => Promise<number | null>): Promise<number | null> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null;
    throw error;
  }
}

import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { PrismaService } from '../../database';
import { ApiError, ClientContext } from '../../common';
import { AuthError } from '../auth.errors';
import { TokenResponse } from '../auth.responses';
import { EmailCredentialRequestDto, EmailRequestDto } from '../dto/account-requests.dto';
import { ChallengeStore } from '../webauthn/challenge-store';
import { PasskeysRepository } from '../webauthn/passkeys.repository';
import { RelyingParty } from '../webauthn/relying-party';
import { SignInService } from './sign-in.service';

/**
 * Passkey login (accounts spec §3.6, §3.7), discoverable flow: the typed email only selects the
 * challenge; the credential id alone finds the account, and the token is for the credential's owner.
 */
@Injectable()
export class PasskeyLoginService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly challenges: ChallengeStore,
    private readonly relyingParty: RelyingParty,
    private readonly passkeys: PasskeysRepository,
    private readonly signIn: SignInService,
  ) {}

  /** The same shape for every address: nothing about the account is read. */
  async options(body: EmailRequestDto): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await this.relyingParty.requestOptions();
    await this.challenges.save('authentication', body.email, options.challenge);
    return options;
  }

  async verify(body: EmailCredentialRequestDto, client: ClientContext): Promise<TokenResponse> {
    const expected = await this.challenges.take('authentication', body.email);
    if (!expected) throw new ApiError(AuthError.LoginChallengeNotFound);
    const id = body.credential.id;
    const passkey = typeof id === 'string' ? await this.passkeys.findByCredentialId(Buffer.from(id, 'base64url')) : null;
    if (!passkey) throw authFailed();
    if (!passkey.owner.isVerified) throw new ApiError(AuthError.EmailNotVerified);
    const newCounter = await this.relyingParty.verifyAuthentication(body.credential, expected, passkey);
    if (newCounter === null) throw authFailed();
    return this.prisma.$transaction(async (tx) => {
      if (!(await this.passkeys.recordUse(passkey.id, passkey.counter, newCounter, tx))) throw authFailed();
      return this.signIn.complete(passkey.owner, 'passkey', client, tx);
    });
  }
}

const authFailed = () => new ApiError(AuthError.AuthenticationFailed);

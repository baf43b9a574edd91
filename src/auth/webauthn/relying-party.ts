import { Injectable, Logger } from '@nestjs/common';
import {
  AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config';
import { ChallengeCheck } from './challenge-store';
import { PasskeyCredential, transportsJson } from './credential';

/** EdDSA, ES256, RS256 (accounts spec §3.1). */
const ALGORITHMS = [-8, -7, -257];
const CEREMONY_TIMEOUT_MS = 60_000;

/**
 * The server side of the WebAuthn ceremonies (accounts spec §5): the options of §5.3 and the
 * verification rules of §5.4 against WEBAUTHN_ORIGIN and WEBAUTHN_RP_ID. User presence is required,
 * user verification is not. Verification failures are reported as null (the reason goes to the debug
 * log only: the flows answer with one generic message).
 */
@Injectable()
export class RelyingParty {
  private readonly logger = new Logger(RelyingParty.name);

  constructor(private readonly config: AppConfig) {}

  /**
   * Creation options with a fresh challenge and a fresh random user id. Registration asks for a
   * discoverable credential (`required`), recovery only prefers one; no credential is ever excluded.
   */
  creationOptions(userName: string, residentKey: 'required' | 'preferred'): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return generateRegistrationOptions({
      rpName: this.config.webauthn.rpName,
      rpID: this.config.webauthn.rpId,
      userName,
      userDisplayName: userName,
      userID: randomBytes(32),
      challenge: randomBytes(32),
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: 'none',
      excludeCredentials: [],
      authenticatorSelection: { residentKey, requireResidentKey: residentKey === 'required', userVerification: 'preferred' },
      extensions: { credProps: true },
      supportedAlgorithmIDs: ALGORITHMS,
    });
  }

  /** Request options for the discoverable flow: no allowCredentials, no extensions, same for every email. */
  async requestOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const { rpId, challenge, timeout, userVerification } = await generateAuthenticationOptions({
      rpID: this.config.webauthn.rpId,
      challenge: randomBytes(32),
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'preferred',
    });
    return { rpId, challenge, timeout, userVerification };
  }

  /** The new credential of a valid registration response, or null. */
  async verifyRegistration(response: Record<string, unknown>, expectedChallenge: ChallengeCheck): Promise<PasskeyCredential | null> {
    try {
      const result = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge,
        ...this.expectations(),
        requireUserPresence: true,
        supportedAlgorithmIDs: ALGORITHMS,
      });
      if (!result.verified) return null;
      const { credential } = result.registrationInfo;
      const reported = (response.response as { transports?: unknown } | undefined)?.transports;
      return {
        credentialId: Buffer.from(credential.id, 'base64url'),
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: transportsJson(reported),
      };
    } catch (error) {
      return this.rejected('registration', error);
    }
  }

  /** The assertion's signature counter when the response is valid for this stored credential, else null. */
  async verifyAuthentication(
    response: Record<string, unknown>,
    expectedChallenge: ChallengeCheck,
    stored: PasskeyCredential,
  ): Promise<number | null> {
    try {
      const result = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge,
        ...this.expectations(),
        credential: {
          id: Buffer.from(stored.credentialId).toString('base64url'),
          publicKey: new Uint8Array(stored.publicKey),
          counter: stored.counter,
        },
      });
      return result.verified ? result.authenticationInfo.newCounter : null;
    } catch (error) {
      return this.rejected('authentication', error);
    }
  }

  /** Exact origin and RP id of §5.1; user verification is never required (§5.4). */
  private expectations() {
    return { expectedOrigin: this.config.webauthn.origin, expectedRPID: this.config.webauthn.rpId, requireUserVerification: false };
  }

  private rejected(ceremony: string, error: unknown): null {
    this.logger.debug(`WebAuthn ${ceremony} response rejected: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

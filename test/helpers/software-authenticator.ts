import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';

/*
 * A software WebAuthn authenticator for tests: it produces the same JSON a browser's WebAuthn helper
 * (@simplewebauthn/browser's startRegistration / startAuthentication) sends, with real cryptography:
 * an ES256 (P-256) key pair per credential, attestation format "none", CBOR-encoded COSE public keys,
 * and DER signatures over authenticatorData ‖ SHA-256(clientDataJSON).
 */

/** A credential living in the software authenticator (private key included). */
export interface SoftwareCredential {
  id: Buffer;
  privateKey: KeyObject;
  /** COSE_Key (EC2, ES256, P-256), as the server stores it. */
  publicKeyCose: Buffer;
  rpId: string;
  /** The user.id of the creation options (the authenticator returns it as userHandle). */
  userHandle: string;
  /** The signature counter the next assertion will carry (before `counterStep` is added). */
  signCount: number;
}

export interface CeremonySettings {
  /** clientDataJSON.origin; must equal the server's WEBAUTHN_ORIGIN to succeed. */
  origin: string;
  /** Set the UV flag (user verified) as well as UP. Default true. */
  userVerified?: boolean;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;
const COSE = { kty: 1, alg: 3, crv: -1, x: -2, y: -3, EC2: 2, ES256: -7, P256: 1 } as const;
// CBOR comes from the server's own pure-JavaScript codec: Maps keep integer keys (COSE) and minimal
// headers, and byte strings carry no tag 64, which is what the server's decoder expects.
type CborValue = Parameters<typeof isoCBOR.encode>[0];

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

/** A new P-256 credential for the RP (random 32-byte credential id). */
export function createCredential(rpId: string, userHandle: string): SoftwareCredential {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const coseKey = new Map<number, number | Buffer>([
    [COSE.kty, COSE.EC2],
    [COSE.alg, COSE.ES256],
    [COSE.crv, COSE.P256],
    [COSE.x, Buffer.from(jwk.x!, 'base64url')],
    [COSE.y, Buffer.from(jwk.y!, 'base64url')],
  ]);
  return { id: randomBytes(32), privateKey, publicKeyCose: Buffer.from(isoCBOR.encode(coseKey)), rpId, userHandle, signCount: 0 };
}

/** authenticatorData: rpIdHash ‖ flags ‖ signCount (big-endian) ‖ optional attested credential data. */
export function authenticatorData(rpId: string, flags: number, signCount: number, attested?: Buffer): Buffer {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(signCount);
  return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter, ...(attested ? [attested] : [])]);
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** `id`, `rawId` (both base64url of the credential id) and `type`, as every PublicKeyCredential JSON has. */
function credentialFields(credential: SoftwareCredential) {
  const id = b64url(credential.id);
  return { id, rawId: id, type: 'public-key' as const };
}

function presenceFlags(settings: CeremonySettings): number {
  return FLAG_UP | (settings.userVerified === false ? 0 : FLAG_UV);
}

/** The RegistrationResponseJSON of `navigator.credentials.create(options)` for this credential. */
export function registrationResponse(
  credential: SoftwareCredential,
  options: PublicKeyCredentialCreationOptionsJSON,
  settings: CeremonySettings,
): RegistrationResponseJSON {
  const idLength = Buffer.alloc(2);
  idLength.writeUInt16BE(credential.id.length);
  const attested = Buffer.concat([Buffer.alloc(16) /* AAGUID: none */, idLength, credential.id, credential.publicKeyCose]);
  const authData = authenticatorData(credential.rpId, presenceFlags(settings) | FLAG_AT, credential.signCount, attested);
  const attestationObject = isoCBOR.encode(
    new Map<string, CborValue>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authData],
    ]),
  );
  return {
    ...credentialFields(credential),
    response: {
      clientDataJSON: b64url(clientData('webauthn.create', options.challenge, settings.origin)),
      attestationObject: b64url(attestationObject),
      transports: ['internal', 'hybrid'],
      publicKeyAlgorithm: COSE.ES256,
      authenticatorData: b64url(authData),
    },
    clientExtensionResults: { credProps: { rk: true } },
    authenticatorAttachment: 'platform',
  };
}

/** The AuthenticationResponseJSON of `navigator.credentials.get(options)` signed by this credential. */
export function authenticationResponse(
  credential: SoftwareCredential,
  options: PublicKeyCredentialRequestOptionsJSON,
  settings: CeremonySettings & { signCount?: number },
): AuthenticationResponseJSON {
  const authData = authenticatorData(credential.rpId, presenceFlags(settings), settings.signCount ?? credential.signCount);
  const clientDataJSON = clientData('webauthn.get', options.challenge, settings.origin);
  const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
  return {
    ...credentialFields(credential),
    response: {
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
      userHandle: credential.userHandle,
    },
    clientExtensionResults: {},
    authenticatorAttachment: 'platform',
  };
}

/**
 * An authenticator holding credentials, like a platform passkey store. `counterStep` 0 behaves like a
 * synced passkey (counter stays 0); a positive step makes every assertion count up.
 */
export class SoftwareAuthenticator {
  readonly credentials: SoftwareCredential[] = [];

  constructor(
    readonly origin: string,
    private readonly counterStep = 0,
  ) {}

  /** Creates a credential for the options' RP and user and answers the registration ceremony. */
  register(options: PublicKeyCredentialCreationOptionsJSON, settings: Partial<CeremonySettings> = {}): RegistrationResponseJSON {
    const credential = createCredential(options.rp.id ?? new URL(this.origin).hostname, options.user.id);
    this.credentials.push(credential);
    return registrationResponse(credential, options, { origin: this.origin, ...settings });
  }

  /** Answers an authentication ceremony with a credential (default: the newest one). */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    credential: SoftwareCredential = this.newest(),
    settings: Partial<CeremonySettings> & { signCount?: number } = {},
  ): AuthenticationResponseJSON {
    credential.signCount += this.counterStep;
    return authenticationResponse(credential, options, { origin: this.origin, ...settings });
  }

  newest(): SoftwareCredential {
    const credential = this.credentials[this.credentials.length - 1];
    if (!credential) throw new Error('The software authenticator holds no credential yet');
    return credential;
  }
}

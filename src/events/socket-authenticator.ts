import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common';
import { AccessTokenVerifier } from '../auth';
import { SocketRegistry } from './socket-registry';

/** A handshake checks its token again when a close order arrived meanwhile; at most this often in all. */
export const MAX_TOKEN_CHECKS = 3;

/**
 * The token check of the socket handshake (accounts spec §4.4: the HTTP guard's check, failures become
 * close codes). A close order (e.g. replace-token) carried out while the check ran may have revoked
 * this very token after the check read the account, and the socket is not registered yet, so the
 * order could not close it: the check is then repeated.
 */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly registry: SocketRegistry,
  ) {}

  /** The token's user; throws an AuthFailure for a bad token, anything else when the check itself failed. */
  async authenticate(token: string): Promise<AuthUser> {
    for (let check = 1; ; check++) {
      const ordersBefore = this.registry.closeOrders;
      const user = await this.verifier.verify(token);
      if (this.registry.closeOrders === ordersBefore) return user;
      if (check === MAX_TOKEN_CHECKS) throw new Error('The token check kept overlapping socket close orders');
    }
  }
}

import { AccessTokenVerifier, AuthFailure, SocketClose } from '../auth';
import { ConnectionsGauge } from '../metrics';
import { ApiError } from '../common';
import { MAX_TOKEN_CHECKS, SocketAuthenticator } from './socket-authenticator';
import { SocketRegistry } from './socket-registry';
import { SYNC_SOCKET_TIMING } from './socket-timing';

describe('SocketAuthenticator: the handshake token check against concurrent close orders', () => {
  const user = { userId: 7, email: 'u@example.com', sessionId: null };
  let registry: SocketRegistry;
  let verify: jest.Mock;
  let authenticator: SocketAuthenticator;
  beforeEach(() => {
    registry = new SocketRegistry(new ConnectionsGauge(), SYNC_SOCKET_TIMING);
    verify = jest.fn();
    authenticator = new SocketAuthenticator({ verify } as unknown as AccessTokenVerifier, registry);
  });

  /** A check that reads a still-valid account while a replace-token commits and its close order arrives. */
  const overtakenByCloseOrder = () => {
    registry.closeUser(user.userId, SocketClose.tokenRevoked);
    return Promise.resolve(user);
  };

  it('accepts a token checked without interference, with one check', async () => {
    verify.mockResolvedValue(user);
    await expect(authenticator.authenticate('t')).resolves.toEqual(user);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('checks again when a close order arrived during the check, and refuses the token the order revoked', async () => {
    verify.mockImplementationOnce(overtakenByCloseOrder).mockRejectedValueOnce(new ApiError(AuthFailure.Revoked));
    await expect(authenticator.authenticate('t')).rejects.toHaveProperty('entry', AuthFailure.Revoked);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('accepts the token when the order concerned someone else and the second check is undisturbed', async () => {
    verify.mockImplementationOnce(overtakenByCloseOrder).mockResolvedValueOnce(user);
    await expect(authenticator.authenticate('t')).resolves.toEqual(user);
  });

  it(`gives up (an internal error, not a verdict on the token) after ${MAX_TOKEN_CHECKS} overtaken checks`, async () => {
    verify.mockImplementation(overtakenByCloseOrder);
    await expect(authenticator.authenticate('t')).rejects.not.toBeInstanceOf(ApiError);
    expect(verify).toHaveBeenCalledTimes(MAX_TOKEN_CHECKS);
  });

  it('lets a failing check (database down) propagate as itself', async () => {
    verify.mockRejectedValue(new Error('connection refused'));
    await expect(authenticator.authenticate('t')).rejects.toThrow('connection refused');
  });
});

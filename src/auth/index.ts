/**
 * The auth module's front door: everything other modules and the operator scripts may use. Files
 * inside src/auth never import it (they import each other directly), so it cannot close a cycle.
 */
export { AuthModule } from './auth.module';
export { AuthRoutesModule } from './auth-routes.module';

// Tokens: the guard AppModule installs globally, the check the WebSocket handshake repeats, the
// 401 verdicts it throws, and signing (the rate limiter reads the caller of a well-signed token).
export { AccessTokenGuard } from './tokens/access-token.guard';
export { AccessTokenVerifier } from './tokens/access-token.verifier';
export { TokenService } from './tokens/token.service';
export { AuthFailure, isAuthFailure } from './auth.errors';

// The close codes and reasons auth puts into the `close_sockets` events it publishes.
export { SocketClose } from './socket-closes';

// Accounts: the only way to table `users` from outside (lookups, deletion, storage counters, reports).
export { AccountsService } from './accounts/accounts.service';
export type { AccountDeletionStep } from './accounts/accounts.service';
export type { AccountProfile, AccountStorage, StorageUsage } from './accounts/users.repository';

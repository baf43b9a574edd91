import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config';
import { SessionsModule } from '../devices';
import { AccountsService } from './accounts/accounts.service';
import { UsersRepository } from './accounts/users.repository';
import { EmailLinkInspector } from './email-link-inspector';
import { PendingRegistrationsRepository } from './registration/pending-registrations.repository';
import { AccessTokenGuard } from './tokens/access-token.guard';
import { AccessTokenVerifier } from './tokens/access-token.verifier';
import { ACCESS_TOKEN_LIFETIME_SECONDS, TokenService } from './tokens/token.service';

/**
 * Access tokens and accounts, without any route: the guard (AppModule installs it globally), the
 * verifier the WebSocket handshake reuses, the token service, and AccountsService, the one way other
 * modules and the operator scripts reach table `users`, and the emailed-link check of the landing pages.
 * The two repositories are exported for the account flows of AuthRoutesModule only; src/auth/index.ts
 * does not export them.
 */
/** Everything AuthModule provides, all of it exported. */
const PROVIDERS = [
  TokenService,
  UsersRepository,
  PendingRegistrationsRepository,
  AccessTokenVerifier,
  AccessTokenGuard,
  AccountsService,
  EmailLinkInspector,
];

@Module({
  imports: [
    SessionsModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: PROVIDERS,
  exports: [SessionsModule, ...PROVIDERS],
})
export class AuthModule {}

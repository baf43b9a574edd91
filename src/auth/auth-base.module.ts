import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { AccessTokenVerifier } from './tokens/access-token.verifier';
import { AccessTokenGuard } from './tokens/access-token.guard';
import { TokenHoldersRepository } from './token-holders.repository';
import { ACCESS_TOKEN_LIFETIME_SECONDS, TokenService } from './tokens/token.service';

/**
 * Token issuing and checking for the whole app: the JWT guard (installed globally by AppModule), the token service and the
 * verifier the WebSocket handshake reuses. Sign-in routes live in the auth feature module.
 */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    TokenService,
    TokenHoldersRepository,
    AccessTokenVerifier,
    AccessTokenGuard,
  ],
  exports: [TokenService, AccessTokenVerifier, AccessTokenGuard],
})
export class AuthBaseModule {}

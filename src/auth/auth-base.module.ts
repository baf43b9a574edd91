import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AppConfig } from '../config/app-config';
import { AccessTokenVerifier } from './access-token.verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { TokenHoldersRepository } from './token-holders.repository';
import { ACCESS_TOKEN_LIFETIME_SECONDS, TokenService } from './token.service';

/**
 * Token issuing and checking for the whole app: the JWT guard (installed globally by AppModule), the token service and the
 * verifier the WebSocket handshake reuses. Sign-in routes live in the auth feature module.
 */
@Global()
@Module({
  imports: [
    PassportModule,
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
    JwtAuthGuard,
  ],
  exports: [TokenService, AccessTokenVerifier, JwtAuthGuard],
})
export class AuthBaseModule {}

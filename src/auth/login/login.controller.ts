import { Body, Controller, HttpStatus, Post } from '@nestjs/common';
import { Client, ClientContext, Public } from '../../common';
import { AuthError } from '../auth.errors';
import { EmailCredentialRequestDto, EmailRequestDto, TokenRequestDto } from '../dto/account-requests.dto';
import { AccountRoute } from '../account-route';
import { MESSAGE_RESPONSE_SCHEMA, TOKEN_RESPONSE_SCHEMA, WEBAUTHN_OPTIONS_SCHEMA } from '../auth.response-schemas';
import { MagicLinkLoginService } from './magic-link-login.service';
import { PasskeyLoginService } from './passkey-login.service';

/** Login routes (accounts spec §3.6–§3.9). */
@Controller('api/login')
@Public()
export class LoginController {
  constructor(
    private readonly passkeyLogin: PasskeyLoginService,
    private readonly magicLinkLogin: MagicLinkLoginService,
  ) {}

  @Post('passkey/options')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'loginPasskeyOptions',
    onFailure: AuthError.LoginOptionsFailed,
    response: WEBAUTHN_OPTIONS_SCHEMA,
  })
  passkeyOptions(@Body() body: EmailRequestDto) {
    return this.passkeyLogin.options(body);
  }

  /** Every failure after validation is a 401; unexpected ones say only `Authentication failed` (§3.7). */
  @Post('passkey/verify')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'loginPasskeyVerify',
    onFailure: AuthError.AuthenticationFailed,
    response: TOKEN_RESPONSE_SCHEMA,
    errors: [AuthError.LoginChallengeNotFound, AuthError.EmailNotVerified],
  })
  passkeyVerify(@Body() body: EmailCredentialRequestDto, @Client() client: ClientContext) {
    return this.passkeyLogin.verify(body, client);
  }

  @Post('magic-link')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'loginMagicLink',
    onFailure: AuthError.LoginLinkFailed,
    response: MESSAGE_RESPONSE_SCHEMA,
  })
  magicLink(@Body() body: EmailRequestDto) {
    return this.magicLinkLogin.request(body.email);
  }

  @Post('magic-link/verify')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'loginMagicLinkVerify',
    onFailure: AuthError.InvalidLoginLink,
    response: TOKEN_RESPONSE_SCHEMA,
  })
  magicLinkVerify(@Body() body: TokenRequestDto, @Client() client: ClientContext) {
    return this.magicLinkLogin.redeem(body.token, client);
  }
}

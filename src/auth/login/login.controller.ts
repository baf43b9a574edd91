import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { Client } from '../../common/client-context.decorator';
import { ClientContext } from '../../common/client-context';
import { RateLimit } from '../../rate-limit/rate-limit.decorator';
import { AuthFlowError } from '../auth-flows.errors';
import { EmailCredentialRequestDto, EmailRequestDto, TokenRequestDto } from '../dto/account-requests.dto';
import { OnUnexpectedFailure } from '../failure-fallback';
import { Public } from '../public.decorator';
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
  @HttpCode(HttpStatus.OK)
  @RateLimit('loginPasskeyOptions')
  @OnUnexpectedFailure(HttpStatus.BAD_REQUEST, AuthFlowError.LoginOptionsFailed)
  passkeyOptions(@Body() body: EmailRequestDto) {
    return this.passkeyLogin.options(body);
  }

  /** Every failure after validation is a 401; unexpected ones say only `Authentication failed` (§3.7). */
  @Post('passkey/verify')
  @HttpCode(HttpStatus.OK)
  @RateLimit('loginPasskeyVerify')
  @OnUnexpectedFailure(HttpStatus.UNAUTHORIZED, AuthFlowError.AuthenticationFailed)
  passkeyVerify(@Body() body: EmailCredentialRequestDto, @Client() client: ClientContext) {
    return this.passkeyLogin.verify(body, client);
  }

  @Post('magic-link')
  @HttpCode(HttpStatus.OK)
  @RateLimit('loginMagicLink')
  @OnUnexpectedFailure(HttpStatus.BAD_REQUEST, AuthFlowError.LoginLinkFailed)
  magicLink(@Body() body: EmailRequestDto) {
    return this.magicLinkLogin.request(body.email);
  }

  @Post('magic-link/verify')
  @HttpCode(HttpStatus.OK)
  @RateLimit('loginMagicLinkVerify')
  @OnUnexpectedFailure(HttpStatus.UNAUTHORIZED, AuthFlowError.InvalidLoginLink)
  magicLinkVerify(@Body() body: TokenRequestDto, @Client() client: ClientContext) {
    return this.magicLinkLogin.redeem(body.token, client);
  }
}

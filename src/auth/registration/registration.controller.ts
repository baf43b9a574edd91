import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { Client } from '../../common/client-context.decorator';
import { ClientContext } from '../../common/client-context';
import { RateLimit } from '../../rate-limit/rate-limit.decorator';
import { AuthFlowError } from '../auth-flows.errors';
import { EmailCredentialRequestDto, RegistrationRequestDto } from '../dto/account-requests.dto';
import { OnUnexpectedFailure } from '../failure-fallback';
import { Public } from '../public.decorator';
import { RegistrationService } from './registration.service';

/** Registration routes (accounts spec §3.1–§3.3). */
@Controller('api/register')
@Public()
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('passkey/options')
  @HttpCode(HttpStatus.OK)
  @RateLimit('registerPasskeyOptions')
  @OnUnexpectedFailure(HttpStatus.BAD_REQUEST, AuthFlowError.PasskeyRegistrationFailed)
  passkeyOptions(@Body() body: RegistrationRequestDto) {
    return this.registration.passkeyOptions(body);
  }

  @Post('passkey/verify')
  @HttpCode(HttpStatus.CREATED)
  @RateLimit('registerPasskeyVerify')
  @OnUnexpectedFailure(HttpStatus.BAD_REQUEST, AuthFlowError.PasskeyRegistrationFailed)
  passkeyVerify(@Body() body: EmailCredentialRequestDto, @Client() client: ClientContext) {
    return this.registration.passkeyVerify(body, client);
  }

  @Post('magic-link')
  @HttpCode(HttpStatus.CREATED)
  @RateLimit('registerMagicLink')
  @OnUnexpectedFailure(HttpStatus.BAD_REQUEST, AuthFlowError.RegistrationFailed)
  magicLink(@Body() body: RegistrationRequestDto, @Client() client: ClientContext) {
    return this.registration.magicLink(body, client);
  }
}

import { Body, Controller, HttpStatus, Post } from '@nestjs/common';
import { Client, ClientContext, Public } from '../../common';
import { AuthError } from '../auth.errors';
import { RegistrationCredentialRequestDto, RegistrationRequestDto } from '../dto/account-requests.dto';
import { AccountRoute } from '../account-route';
import { MESSAGE_RESPONSE_SCHEMA, WEBAUTHN_OPTIONS_SCHEMA } from '../auth.response-schemas';
import { BotCheck } from './bot-check';
import { RegistrationService } from './registration.service';

/** Registration routes (accounts spec §3.1–§3.3). */
@Controller('api/register')
@Public()
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly botCheck: BotCheck,
  ) {}

  @Post('passkey/options')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'registerPasskeyOptions',
    onFailure: AuthError.PasskeyRegistrationFailed,
    response: WEBAUTHN_OPTIONS_SCHEMA,
    errors: [AuthError.EmailNotAllowed, AuthError.BotCheckFailed],
  })
  async passkeyOptions(@Body() body: RegistrationRequestDto) {
    await this.botCheck.assertHuman(body.turnstileToken);
    return this.registration.passkeyOptions(body);
  }

  @Post('passkey/verify')
  @AccountRoute({
    status: HttpStatus.CREATED,
    rateLimit: 'registerPasskeyVerify',
    onFailure: AuthError.PasskeyRegistrationFailed,
    response: MESSAGE_RESPONSE_SCHEMA,
    errors: [AuthError.EmailNotAllowed, AuthError.ChallengeNotFound, AuthError.PasskeyVerificationFailed, AuthError.BotCheckFailed],
  })
  async passkeyVerify(@Body() body: RegistrationCredentialRequestDto, @Client() client: ClientContext) {
    await this.botCheck.assertHuman(body.turnstileToken);
    return this.registration.passkeyVerify(body, client);
  }

  @Post('magic-link')
  @AccountRoute({
    status: HttpStatus.CREATED,
    rateLimit: 'registerMagicLink',
    onFailure: AuthError.RegistrationFailed,
    response: MESSAGE_RESPONSE_SCHEMA,
    errors: [AuthError.EmailNotAllowed, AuthError.BotCheckFailed],
  })
  async magicLink(@Body() body: RegistrationRequestDto, @Client() client: ClientContext) {
    await this.botCheck.assertHuman(body.turnstileToken);
    return this.registration.magicLink(body, client);
  }
}

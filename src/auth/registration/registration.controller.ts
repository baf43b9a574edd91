import { Body, Controller, HttpStatus, Post } from '@nestjs/common';
import { Client, ClientContext, Public } from '../../common';
import { AuthError } from '../auth.errors';
import { EmailCredentialRequestDto, RegistrationRequestDto } from '../dto/account-requests.dto';
import { AccountRoute } from '../account-route';
import { MESSAGE_RESPONSE_SCHEMA, WEBAUTHN_OPTIONS_SCHEMA } from '../auth.response-schemas';
import { RegistrationService } from './registration.service';

/** Registration routes (accounts spec §3.1–§3.3). */
@Controller('api/register')
@Public()
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('passkey/options')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'registerPasskeyOptions',
    onFailure: AuthError.PasskeyRegistrationFailed,
    response: WEBAUTHN_OPTIONS_SCHEMA,
    errors: [AuthError.EmailNotAllowed],
  })
  passkeyOptions(@Body() body: RegistrationRequestDto) {
    return this.registration.passkeyOptions(body);
  }

  @Post('passkey/verify')
  @AccountRoute({
    status: HttpStatus.CREATED,
    rateLimit: 'registerPasskeyVerify',
    onFailure: AuthError.PasskeyRegistrationFailed,
    response: MESSAGE_RESPONSE_SCHEMA,
    errors: [AuthError.EmailNotAllowed, AuthError.ChallengeNotFound, AuthError.PasskeyVerificationFailed],
  })
  passkeyVerify(@Body() body: EmailCredentialRequestDto, @Client() client: ClientContext) {
    return this.registration.passkeyVerify(body, client);
  }

  @Post('magic-link')
  @AccountRoute({
    status: HttpStatus.CREATED,
    rateLimit: 'registerMagicLink',
    onFailure: AuthError.RegistrationFailed,
    response: MESSAGE_RESPONSE_SCHEMA,
    errors: [AuthError.EmailNotAllowed],
  })
  magicLink(@Body() body: RegistrationRequestDto, @Client() client: ClientContext) {
    return this.registration.magicLink(body, client);
  }
}

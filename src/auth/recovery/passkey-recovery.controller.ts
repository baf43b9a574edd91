import { Body, Controller, HttpStatus, Post } from '@nestjs/common';
import { Client, ClientContext, Public } from '../../common';
import { AuthError } from '../auth.errors';
import { EmailRequestDto, RecoveryCompleteRequestDto, TokenRequestDto } from '../dto/account-requests.dto';
import { AccountRoute } from '../account-route';
import { MESSAGE_RESPONSE_SCHEMA, RECOVERY_OPTIONS_SCHEMA } from '../auth.response-schemas';
import { PasskeyRecoveryService } from './passkey-recovery.service';

/** Passkey recovery routes (accounts spec §3.10–§3.12). */
@Controller('api/recover/passkey')
@Public()
export class PasskeyRecoveryController {
  constructor(private readonly recovery: PasskeyRecoveryService) {}

  @Post()
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'recoverPasskey',
    onFailure: AuthError.RecoveryRequestFailed,
    response: MESSAGE_RESPONSE_SCHEMA,
  })
  request(@Body() body: EmailRequestDto) {
    return this.recovery.request(body.email);
  }

  @Post('options')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'recoverPasskeyOptions',
    onFailure: AuthError.InvalidRecoveryToken,
    response: RECOVERY_OPTIONS_SCHEMA,
  })
  options(@Body() body: TokenRequestDto) {
    return this.recovery.options(body.token);
  }

  @Post('complete')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'recoverPasskeyComplete',
    onFailure: AuthError.RecoveryFailed,
    response: MESSAGE_RESPONSE_SCHEMA,
    errors: [AuthError.InvalidRecoveryToken, AuthError.ChallengeNotFound, AuthError.PasskeyVerificationFailed],
  })
  complete(@Body() body: RecoveryCompleteRequestDto, @Client() client: ClientContext) {
    return this.recovery.complete(body, client);
  }
}

import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { Client } from '../../common/client-context.decorator';
import { ClientContext } from '../../common/client-context';
import { RateLimit } from '../../rate-limit/rate-limit.decorator';
import { AuthFlowError } from '../auth-flows.errors';
import { EmailRequestDto, RecoveryCompleteRequestDto, TokenRequestDto } from '../dto/account-requests.dto';
import { OnUnexpectedFailure } from '../failure-fallback';
import { Public } from '../public.decorator';
import { PasskeyRecoveryService } from './passkey-recovery.service';

/** Passkey recovery routes (accounts spec §3.10–§3.12). */
@Controller('api/recover/passkey')
@Public()
export class PasskeyRecoveryController {
  constructor(private readonly recovery: PasskeyRecoveryService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @RateLimit('recoverPasskey')
  @OnUnexpectedFailure(HttpStatus.BAD_REQUEST, AuthFlowError.RecoveryRequestFailed)
  request(@Body() body: EmailRequestDto) {
    return this.recovery.request(body.email);
  }

  @Post('options')
  @HttpCode(HttpStatus.OK)
  @RateLimit('recoverPasskeyOptions')
  @OnUnexpectedFailure(HttpStatus.BAD_REQUEST, AuthFlowError.InvalidRecoveryToken)
  options(@Body() body: TokenRequestDto) {
    return this.recovery.options(body.token);
  }

  @Post('complete')
  @HttpCode(HttpStatus.OK)
  @RateLimit('recoverPasskeyComplete')
  @OnUnexpectedFailure(HttpStatus.BAD_REQUEST, AuthFlowError.RecoveryFailed)
  complete(@Body() body: RecoveryCompleteRequestDto, @Client() client: ClientContext) {
    return this.recovery.complete(body, client);
  }
}

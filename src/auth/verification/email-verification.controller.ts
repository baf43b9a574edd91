import { Body, Controller, HttpStatus, Post } from '@nestjs/common';
import { Client, ClientContext, Public } from '../../common';
import { AuthError } from '../auth.errors';
import { TokenRequestDto } from '../dto/account-requests.dto';
import { AccountRoute } from '../account-route';
import { MESSAGE_RESPONSE_SCHEMA } from '../auth.response-schemas';
import { EmailVerificationService } from './email-verification.service';

/**
 * `POST /api/verify-email` (accounts spec §3.4). The emailed link opens a page (web module) that
 * confirms with this POST, so a mail scanner fetching the link cannot consume it.
 */
@Controller('api')
@Public()
export class EmailVerificationController {
  constructor(private readonly verification: EmailVerificationService) {}

  @Post('verify-email')
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'verifyEmail',
    onFailure: AuthError.VerificationFailed,
    response: MESSAGE_RESPONSE_SCHEMA,
    errors: [AuthError.InvalidVerificationToken, AuthError.VerificationTokenExpired],
  })
  verify(@Body() body: TokenRequestDto, @Client() client: ClientContext) {
    return this.verification.verify(body.token, client);
  }
}

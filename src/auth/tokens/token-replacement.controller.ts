import { Controller, HttpStatus, Post } from '@nestjs/common';
import { AuthUser, Client, ClientContext, CurrentUser } from '../../common';
import { AccountRoute } from '../account-route';
import { AuthError } from '../auth.errors';
import { TOKEN_RESPONSE_SCHEMA } from '../auth.response-schemas';
import { TokenResponse } from '../auth.responses';
import { TokenReplacementService } from './token-replacement.service';

@Controller('api/replace-token')
export class TokenReplacementController {
  constructor(private readonly replacement: TokenReplacementService) {}

  /**
   * `POST /api/replace-token` (protocol spec §3.9). Its body is ignored, so there is no @Body(): the
   * app's `{}`, a legacy `{"clientId": …}` (which must not spare any socket) and no body at all are
   * the same request.
   */
  @Post()
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'replaceToken',
    onFailure: AuthError.TokenReplacementFailed,
    response: TOKEN_RESPONSE_SCHEMA,
  })
  replace(@CurrentUser() user: AuthUser, @Client() client: ClientContext): Promise<TokenResponse> {
    return this.replacement.replace(user, client);
  }
}

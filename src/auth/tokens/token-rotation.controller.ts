import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ApiErrors, AuthUser, Client, ClientContext, CurrentUser } from '../../common';
import { SessionsError } from '../../devices';
import { TokenRotationService } from './token-rotation.service';

const ROTATED_TOKEN_SCHEMA = { type: 'object', required: ['token'], properties: { token: { type: 'string' } } };

/**
 * The one session route that signs a token, so it sits with token replacement rather than with the
 * other device routes in devices/sessions (which must not import auth: auth imports devices).
 */
@Controller('api/devices/current')
export class TokenRotationController {
  constructor(private readonly rotation: TokenRotationService) {}

  @Post('rotate')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ schema: ROTATED_TOKEN_SCHEMA })
  @ApiErrors(SessionsError.NoCurrentSession)
  rotate(@CurrentUser() user: AuthUser, @Client() client: ClientContext): Promise<{ token: string }> {
    return this.rotation.rotate(user, client);
  }
}

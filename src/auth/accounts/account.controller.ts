import { Controller, Delete, HttpStatus } from '@nestjs/common';
import { ApiError, AuthUser, Client, ClientContext, CurrentUser } from '../../common';
import { AuthError } from '../auth.errors';
import { AccountRoute } from '../account-route';
import { SUCCESS_RESPONSE_SCHEMA } from '../auth.response-schemas';
import { AccountsService } from './accounts.service';

/** `DELETE /api/account` (accounts spec §3.14): no confirmation here; the web page asks for it. */
@Controller('api/account')
export class AccountController {
  constructor(private readonly accounts: AccountsService) {}

  @Delete()
  @AccountRoute({
    status: HttpStatus.OK,
    rateLimit: 'deleteAccount',
    onFailure: AuthError.AccountDeletionFailed,
    response: SUCCESS_RESPONSE_SCHEMA,
  })
  async delete(@CurrentUser() user: AuthUser, @Client() client: ClientContext) {
    // The guard saw the account a moment ago; if it vanished since, the deletion did not happen here.
    if (!(await this.accounts.deleteAccount(user.userId, { actor: 'user', client }))) throw new ApiError(AuthError.AccountDeletionFailed);
    return { success: true };
  }
}

import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiErrors, AuthUser, Client, ClientContext, CurrentUser, JSON_BODY_ERRORS } from '../../common';
import { RateLimit } from '../../rate-limit';
import { StoreMembersService } from '../store-members.service';
import { StoresError } from '../stores.errors';
import { STORE_MEMBER_LIST_SCHEMA, STORE_MEMBER_SCHEMA } from '../stores.response-schemas';
import { StoreMemberResponse } from '../stores.responses';
import { ShareStoreDto, StoreMemberParamsDto, StoreParamsDto } from './dto/store-requests.dto';

/** Sharing a store (opsync-api.md §5). */
@Controller('api/stores/:id/members')
export class StoreMembersController {
  constructor(private readonly members: StoreMembersService) {}

  @Get()
  @ApiOkResponse({ schema: STORE_MEMBER_LIST_SCHEMA })
  @ApiErrors(StoresError.StoreNotFound)
  list(@CurrentUser() user: AuthUser, @Param() params: StoreParamsDto): Promise<{ members: StoreMemberResponse[] }> {
    return this.members.list(user.userId, params.id);
  }

  /** Rate-limited (20 / 15 min, per user too): answers tell which emails are verified accounts. */
  @Put()
  @RateLimit('shareStore')
  @ApiOkResponse({ schema: STORE_MEMBER_SCHEMA })
  @ApiErrors(StoresError.StoreNotFound, StoresError.PermissionDenied, StoresError.UserNotFound, StoresError.LastOwner, ...JSON_BODY_ERRORS)
  share(
    @CurrentUser() user: AuthUser,
    @Param() params: StoreParamsDto,
    @Body() body: ShareStoreDto,
    @Client() client: ClientContext,
  ): Promise<StoreMemberResponse> {
    return this.members.share(user.userId, params.id, body.email, body.permission, client);
  }

  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiErrors(StoresError.StoreNotFound, StoresError.PermissionDenied, StoresError.MemberNotFound, StoresError.LastOwner)
  unshare(@CurrentUser() user: AuthUser, @Param() params: StoreMemberParamsDto, @Client() client: ClientContext): Promise<void> {
    return this.members.unshare(user.userId, params.id, params.userId, client);
  }
}

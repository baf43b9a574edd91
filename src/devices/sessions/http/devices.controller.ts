import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { ApiErrors, AuthUser, Client, ClientContext, CurrentUser } from '../../../common';
import { SessionsError } from '../sessions.errors';
import { DEVICE_LIST_SCHEMA, DEVICE_SCHEMA } from '../sessions.response-schemas';
import { DeviceView, SessionsService } from '../sessions.service';
import { DeviceParamsDto, RenameDeviceDto } from './dto/device-requests.dto';

/**
 * The signed-in sessions of opsync-api.md §1 ("devices" on the account page); the default rate limit
 * applies. Rotation signs a token, so it lives with token replacement in auth (POST current/rotate).
 */
@Controller('api/devices')
export class DevicesController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOkResponse({ schema: DEVICE_LIST_SCHEMA })
  list(@CurrentUser() user: AuthUser): Promise<{ devices: DeviceView[] }> {
    return this.sessions.list(user);
  }

  @Patch(':id')
  @ApiOkResponse({ schema: DEVICE_SCHEMA })
  @ApiErrors(SessionsError.DeviceNotFound)
  rename(@CurrentUser() user: AuthUser, @Param() params: DeviceParamsDto, @Body() body: RenameDeviceDto): Promise<DeviceView> {
    return this.sessions.rename(user, params.id, body.name);
  }

  // Declared before `:id`, which would otherwise take "current" (and refuse it as no UUID).
  @Delete('current')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiErrors(SessionsError.NoCurrentSession)
  signOut(@CurrentUser() user: AuthUser, @Client() client: ClientContext): Promise<void> {
    return this.sessions.signOut(user, client);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiErrors(SessionsError.DeviceNotFound)
  revoke(@CurrentUser() user: AuthUser, @Param() params: DeviceParamsDto, @Client() client: ClientContext): Promise<void> {
    return this.sessions.revoke(user, params.id, client);
  }
}

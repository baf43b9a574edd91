import { Controller, Delete, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AuthUser, Client, ClientContext, CurrentUser } from '../../common';
import { RateLimit } from '../../rate-limit';
import { SUCCESS_SCHEMA, SYNC_STATUS_SCHEMA } from '../operations.response-schemas';
import { SyncDataService, SyncStatus } from '../sync-data.service';

/** The sync dataset as a whole (protocol spec §3.4, §3.8). */
@Controller('api/sync')
export class SyncDataController {
  constructor(private readonly data: SyncDataService) {}

  @Get('status')
  @RateLimit('syncStatus')
  @ApiOkResponse({ schema: SYNC_STATUS_SCHEMA })
  status(@CurrentUser() user: AuthUser): Promise<SyncStatus> {
    return this.data.status(user.userId);
  }

  @Delete('data')
  @RateLimit('syncDeleteData')
  @ApiOkResponse({ schema: SUCCESS_SCHEMA })
  deleteData(@CurrentUser() user: AuthUser, @Client() client: ClientContext): Promise<{ success: true }> {
    return this.data.deleteData(user.userId, { actor: 'user', client });
  }
}

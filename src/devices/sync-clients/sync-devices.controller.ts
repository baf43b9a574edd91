import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common';
import { RateLimit } from '../../rate-limit';
import { SyncDevicesService, SyncDeviceView } from './sync-devices.service';

const DEVICES_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['devices'],
  properties: {
    devices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['clientId', 'lastSeenAt'],
        properties: { clientId: { type: 'string' }, lastSeenAt: { type: 'integer' } },
      },
    },
  },
};

/** GET /api/sync/devices (protocol spec §3.5). */
@Controller('api/sync')
export class SyncDevicesController {
  constructor(private readonly devices: SyncDevicesService) {}

  @Get('devices')
  @RateLimit('syncDevices')
  @ApiOkResponse({ schema: DEVICES_RESPONSE_SCHEMA })
  async list(@CurrentUser() user: AuthUser): Promise<{ devices: SyncDeviceView[] }> {
    return { devices: await this.devices.list(user.userId) };
  }
}

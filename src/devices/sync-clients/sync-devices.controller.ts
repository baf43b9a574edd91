import { Controller, Get } from '@nestjs/common';
import { AuthUser, CurrentUser } from '../../common';
import { RateLimit } from '../../rate-limit';
import { SyncDevicesService, SyncDeviceView } from './sync-devices.service';

/** GET /api/sync/devices (protocol spec §3.5). */
@Controller('api/sync')
export class SyncDevicesController {
  constructor(private readonly devices: SyncDevicesService) {}

  @Get('devices')
  @RateLimit('syncDevices')
  async list(@CurrentUser() user: AuthUser): Promise<{ devices: SyncDeviceView[] }> {
    return { devices: await this.devices.list(user.userId) };
  }
}

import { Module } from '@nestjs/common';
import { SyncDevicesController } from './sync-devices.controller';
import { SyncDevicesRepository } from './sync-devices.repository';
import { SyncDevicesService } from './sync-devices.service';

/** Sync device tracking (table sync_devices). Signed-in sessions are a different thing (opsync-api.md §1). */
@Module({
  controllers: [SyncDevicesController],
  providers: [SyncDevicesRepository, SyncDevicesService],
  exports: [SyncDevicesService],
})
export class SyncDevicesModule {}

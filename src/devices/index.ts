/**
 * A user's devices. Today: the sync clients the protocol knows by clientId (sync-clients/, table
 * sync_devices). The signed-in sessions of opsync-api.md §1 will live beside them in sessions/.
 */
export { SyncDevicesModule } from './sync-clients/sync-devices.module';
export { SyncDevicesService } from './sync-clients/sync-devices.service';
export type { SyncDeviceRecord } from './sync-clients/sync-devices.repository';

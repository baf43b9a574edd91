/**
 * A user's devices: the sync clients the protocol knows by clientId (sync-clients/, table
 * sync_devices) and the signed-in sessions of opsync-api.md §1 (sessions/, table sessions).
 */
export { SyncDevicesModule } from './sync-clients/sync-devices.module';
export { SyncDevicesService } from './sync-clients/sync-devices.service';
export type { SyncDeviceRecord } from './sync-clients/sync-devices.repository';

export { SessionsModule } from './sessions/sessions.module';
export { SessionsService } from './sessions/sessions.service';
export type { OpenedSession } from './sessions/sessions.service';
export { SessionsError } from './sessions/sessions.errors';

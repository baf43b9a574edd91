import { Injectable, Logger } from '@nestjs/common';
import { Db } from '../../database';
import { SyncDeviceRecord, SyncDevicesRepository } from './sync-devices.repository';

const MINUTE = 60_000;
/** Devices seen this recently count as online in GET /api/sync/status. */
const ONLINE_WINDOW_MS = 5 * MINUTE;
/** A download moves lastSeenAt at most this often (it is a write on a read path). */
const DOWNLOAD_TOUCH_THROTTLE_MS = 2 * MINUTE;
/** Devices unseen this long are neither listed nor kept (§3.5, §4.13). */
export const DEVICE_RETENTION_MS = 45 * 24 * 60 * MINUTE;
const MAX_LISTED_DEVICES = 100;

export interface SyncDeviceView {
  clientId: string;
  lastSeenAt: number;
}

/**
 * Sync clients of a user (protocol spec §4.14): which clientIds uploaded or downloaded, and when.
 * Only client ids and times are kept: no names, no user agents.
 */
@Injectable()
export class SyncDevicesService {
  private readonly logger = new Logger(SyncDevicesService.name);

  constructor(private readonly devices: SyncDevicesRepository) {}

  /** Inside an upload transaction: lastSeenAt = now, created if new. */
  touchOnUpload(userId: number, clientId: string, db: Db): Promise<void> {
    return this.devices.touch(userId, clientId, db);
  }

  /** After a download with excludeClient: fire-and-forget, throttled, failures only logged. */
  touchOnDownload(userId: number, clientId: string): void {
    this.devices.touchThrottled(userId, clientId, DOWNLOAD_TOUCH_THROTTLE_MS).catch((error: unknown) => {
      this.logger.warn(`device touch on download failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** Devices seen within the retention period, newest first, at most 100 (§3.5). */
  async list(userId: number): Promise<SyncDeviceView[]> {
    const rows = await this.devices.listSeenSince(userId, new Date(Date.now() - DEVICE_RETENTION_MS), MAX_LISTED_DEVICES);
    return rows.map((row) => ({ clientId: row.clientId, lastSeenAt: row.lastSeenAt.getTime() }));
  }

  countOnline(userId: number): Promise<number> {
    return this.devices.countSeenSince(userId, new Date(Date.now() - ONLINE_WINDOW_MS));
  }

  /** Every device row of the user, for an account export (opsync-api.md §11). */
  exportAll(userId: number, db: Db): Promise<SyncDeviceRecord[]> {
    return this.devices.listAll(userId, db);
  }

  /** The devices of an imported account, in the import's transaction. */
  importAll(userId: number, devices: SyncDeviceRecord[], db: Db): Promise<void> {
    return this.devices.restore(userId, devices, db);
  }

  /** Users with at least one device row, in id order (operator scripts). */
  usersWithDevices(): Promise<number[]> {
    return this.devices.usersWithDevices();
  }

  forgetAll(userId: number, db: Db): Promise<void> {
    return this.devices.deleteForUser(userId, db);
  }

  /** Daily job: drop devices unseen for 45 days. */
  purgeStale(): Promise<number> {
    return this.devices.deleteUnseenSince(new Date(Date.now() - DEVICE_RETENTION_MS));
  }
}

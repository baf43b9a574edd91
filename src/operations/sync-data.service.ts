import { Injectable } from '@nestjs/common';
import { AuditedChange, AuditEventType, AuditService } from '../audit';
import { PrismaService } from '../database';
import { SyncDevicesService } from '../devices';
import { OpLogService } from './op-log.service';
import { SyncStateRepository } from './persistence/sync-state.repository';
import { UPLOAD_TRANSACTION } from './persistence/upload-transaction';
import { StorageQuotaService } from './storage-quota.service';

export interface SyncStatus {
  latestSeq: number;
  devicesOnline: number;
  storageUsedBytes: number;
  storageQuotaBytes: number;
}

/** A user's sync dataset as a whole: its status, and erasing it (HTTP and operator scripts). */
@Injectable()
export class SyncDataService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly opLog: OpLogService,
    private readonly state: SyncStateRepository,
    private readonly devices: SyncDevicesService,
    private readonly quota: StorageQuotaService,
    private readonly audit: AuditService,
  ) {}

  /** GET /api/sync/status (§3.4). No snapshot cache is kept, so snapshotAge is never present. */
  async status(userId: number): Promise<SyncStatus> {
    const [state, devicesOnline, usage] = await Promise.all([
      this.state.find(userId),
      this.devices.countOnline(userId),
      this.quota.find(userId),
    ]);
    return { latestSeq: state?.lastSeq ?? 0, devicesOnline, storageUsedBytes: usage.usedBytes, storageQuotaBytes: usage.quotaBytes };
  }

  /** Users that have any sync data to erase (a started sequence or a device), in id order. */
  async usersWithSyncData(): Promise<number[]> {
    const [withHistory, withDevices] = await Promise.all([this.state.usersWithHistory(), this.devices.usersWithDevices()]);
    return [...new Set([...withHistory, ...withDevices])].sort((a, b) => a - b);
  }

  /**
   * Erases a user's sync data (DELETE /api/sync/data §3.8, and the clear-data script): ops, sync state
   * (lastSeq back to 0, markers, cached answers, upload rate counter), sync devices, storage counter 0.
   * The wipe, its data_cleared event and the caller's own rows commit together. No notification.
   */
  async deleteData(userId: number, change: AuditedChange): Promise<{ success: true }> {
    await this.prisma.$transaction(async (tx) => {
      await this.opLog.lock(userId, tx);
      await this.opLog.wipe(userId, { resetSeq: true }, tx);
      await this.audit.record({ userId, type: AuditEventType.DataCleared, actor: change.actor, client: change.client }, tx);
      await change.alsoInTransaction?.(tx);
    }, UPLOAD_TRANSACTION);
    return { success: true };
  }
}

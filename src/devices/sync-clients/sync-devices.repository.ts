import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';

export interface SyncDeviceRow {
  clientId: string;
  lastSeenAt: Date;
}

/** A device row as an account export carries it (times in epoch ms). */
export interface SyncDeviceRecord {
  clientId: string;
  createdAt: number;
  lastSeenAt: number;
}

/** The only file that touches sync_devices. */
@Injectable()
export class SyncDevicesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Upsert with lastSeenAt = now (upload transactions). */
  async touch(userId: number, clientId: string, db: Db = this.prisma): Promise<void> {
    await db.$executeRaw`
      INSERT INTO sync_devices (user_id, client_id) VALUES (${userId}, ${clientId})
      ON CONFLICT (user_id, client_id) DO UPDATE SET last_seen_at = now()`;
  }

  /** Insert if missing; otherwise move lastSeenAt to now only if it is older than `throttleMs` (downloads). */
  async touchThrottled(userId: number, clientId: string, throttleMs: number): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO sync_devices (user_id, client_id) VALUES (${userId}, ${clientId})
      ON CONFLICT (user_id, client_id) DO UPDATE SET last_seen_at = now()
       WHERE sync_devices.last_seen_at < now() - make_interval(secs => ${throttleMs / 1000})`;
  }

  listSeenSince(userId: number, since: Date, limit: number): Promise<SyncDeviceRow[]> {
    return this.prisma.syncDevice.findMany({
      where: { userId, lastSeenAt: { gte: since } },
      orderBy: { lastSeenAt: 'desc' },
      take: limit,
      select: { clientId: true, lastSeenAt: true },
    });
  }

  countSeenSince(userId: number, since: Date): Promise<number> {
    return this.prisma.syncDevice.count({ where: { userId, lastSeenAt: { gte: since } } });
  }

  /** Every device of the user, by clientId (account export). */
  async listAll(userId: number, db: Db = this.prisma): Promise<SyncDeviceRecord[]> {
    const rows = await db.syncDevice.findMany({ where: { userId }, orderBy: { clientId: 'asc' } });
    return rows.map((row) => ({ clientId: row.clientId, createdAt: row.createdAt.getTime(), lastSeenAt: row.lastSeenAt.getTime() }));
  }

  /** Writes exported devices as they were; a device the account already has here keeps the later times. */
  async restore(userId: number, devices: SyncDeviceRecord[], db: Db): Promise<void> {
    if (devices.length === 0) return;
    await db.$executeRaw`
      INSERT INTO sync_devices (user_id, client_id, created_at, last_seen_at)
      SELECT ${userId}, * FROM unnest(${devices.map((d) => d.clientId)}::text[],
                                      ${devices.map((d) => new Date(d.createdAt))}::timestamptz[],
                                      ${devices.map((d) => new Date(d.lastSeenAt))}::timestamptz[])
      ON CONFLICT (user_id, client_id) DO UPDATE SET last_seen_at = greatest(sync_devices.last_seen_at, excluded.last_seen_at)`;
  }

  async usersWithDevices(): Promise<number[]> {
    const rows = await this.prisma.syncDevice.findMany({ distinct: ['userId'], select: { userId: true }, orderBy: { userId: 'asc' } });
    return rows.map((r) => r.userId);
  }

  async deleteForUser(userId: number, db: Db = this.prisma): Promise<void> {
    await db.syncDevice.deleteMany({ where: { userId } });
  }

  async deleteUnseenSince(before: Date): Promise<number> {
    return (await this.prisma.syncDevice.deleteMany({ where: { lastSeenAt: { lt: before } } })).count;
  }
}

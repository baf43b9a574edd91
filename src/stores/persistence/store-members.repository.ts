/*
 * The only file that touches the table `store_members` (opsync-api.md §5): who may use a store and how.
 *
 *   PK (store_id, user_id)   the permission lookup of every store request is one probe of it
 *   index (user_id)          an account's stores (list, account deletion)
 *   permission text READ | WRITE | OWN; sync_enabled bool (per account, PUT …/settings); added_at timestamptz
 *   FKs → stores, users ON DELETE CASCADE
 */
import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { StoreKind, StorePermission } from '../store-permission';

/** What one account may do with one store, and the store's kind (log routes refuse blobs and back). */
export interface StoreAccess {
  kind: StoreKind;
  permission: StorePermission;
  syncEnabled: boolean;
  /** The account charged for the store's bytes. */
  ownerId: number;
}

export interface StoreMemberRow {
  userId: number;
  permission: StorePermission;
  addedAt: Date;
}

@Injectable()
export class StoreMembersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One query: the caller's membership joined with the store; null when the account is no member. */
  async access(storeId: string, userId: number, db: Db = this.prisma): Promise<StoreAccess | null> {
    const [row] = await db.$queryRaw<StoreAccess[]>`
      SELECT s.kind, m.permission, m.sync_enabled AS "syncEnabled", s.owner_id AS "ownerId"
        FROM store_members m JOIN stores s ON s.id = m.store_id
       WHERE m.store_id = ${storeId} AND m.user_id = ${userId}`;
    return row ?? null;
  }

  /** Adds the account, or changes its permission when it is a member already (added_at kept). */
  async upsert(storeId: string, userId: number, permission: StorePermission, db: Db): Promise<StoreMemberRow> {
    const [row] = await db.$queryRaw<StoreMemberRow[]>`
      INSERT INTO store_members (store_id, user_id, permission) VALUES (${storeId}, ${userId}, ${permission})
      ON CONFLICT (store_id, user_id) DO UPDATE SET permission = excluded.permission
      RETURNING user_id AS "userId", permission, added_at AS "addedAt"`;
    return row;
  }

  /** The store's members, owners first, then by when they were added. */
  list(storeId: string, db: Db = this.prisma): Promise<StoreMemberRow[]> {
    return db.$queryRaw<StoreMemberRow[]>`
      SELECT user_id AS "userId", permission, added_at AS "addedAt" FROM store_members
       WHERE store_id = ${storeId} ORDER BY permission = 'OWN' DESC, added_at, user_id`;
  }

  async permissionOf(storeId: string, userId: number, db: Db): Promise<StorePermission | null> {
    const row = await db.storeMember.findUnique({ where: { storeId_userId: { storeId, userId } }, select: { permission: true } });
    return (row?.permission as StorePermission | undefined) ?? null;
  }

  /** The members whose selective sync of the store is on: they hear of its changes. */
  async syncingUserIds(storeId: string, db: Db): Promise<number[]> {
    return (await db.storeMember.findMany({ where: { storeId, syncEnabled: true }, select: { userId: true } })).map((m) => m.userId);
  }

  async countOwners(storeId: string, db: Db): Promise<number> {
    return db.storeMember.count({ where: { storeId, permission: 'OWN' } });
  }

  async remove(storeId: string, userId: number, db: Db): Promise<boolean> {
    return (await db.storeMember.deleteMany({ where: { storeId, userId } })).count === 1;
  }

  async setSyncEnabled(storeId: string, userId: number, syncEnabled: boolean, db: Db): Promise<void> {
    await db.storeMember.update({ where: { storeId_userId: { storeId, userId } }, data: { syncEnabled } });
  }
}

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
}

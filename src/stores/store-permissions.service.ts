import { Injectable } from '@nestjs/common';
import { ApiError } from '../common';
import { Db } from '../database';
import { StoreAccess, StoreMembersRepository } from './persistence/store-members.repository';
import { includesPermission, isStoreId, StorePermission } from './store-permission';
import { StoresError } from './stores.errors';

/**
 * The permission check of every store route (opsync-api.md §5): one query `store_id, user_id →
 * permission`, never a client-supplied value. A store the account is no member of, an unknown id and a
 * malformed one all answer 404 STORE_NOT_FOUND, so nobody learns which ids exist.
 */
@Injectable()
export class StorePermissionsService {
  constructor(private readonly members: StoreMembersRepository) {}

  /** The caller's access to the store, or null when it may not see it. */
  find(storeId: string, userId: number, db?: Db): Promise<StoreAccess | null> {
    if (!isStoreId(storeId)) return Promise.resolve(null);
    return this.members.access(storeId, userId, db);
  }

  /** The caller's access if it holds at least `needed`; else 404 STORE_NOT_FOUND (no member) or 403 PERMISSION_DENIED. */
  async require(storeId: string, userId: number, needed: StorePermission, db?: Db): Promise<StoreAccess> {
    const access = await this.find(storeId, userId, db);
    if (!access) throw new ApiError(StoresError.StoreNotFound);
    if (!includesPermission(access.permission, needed)) throw new ApiError(StoresError.PermissionDenied);
    return access;
  }
}

/** The stores module's front door: other modules import only from here. */
export { StoresModule } from './stores.module';
export { StorePermissionsService } from './store-permissions.service';
export { StoreQuotaService } from './store-quota.service';
export { StoreAccountsService } from './store-accounts.service';
export type { StoreAccess } from './persistence/store-members.repository';
export { includesPermission, isStoreId, STORE_KINDS, STORE_PERMISSIONS } from './store-permission';
export type { StoreKind, StorePermission } from './store-permission';
export { StoresError } from './stores.errors';

/** Store kinds (opsync-api.md §3, §4) and member permissions (§5), as stored in the tables. */
export const STORE_KINDS = ['blob', 'log'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** Ascending: each permission includes the ones before it. */
export const STORE_PERMISSIONS = ['READ', 'WRITE', 'OWN'] as const;
export type StorePermission = (typeof STORE_PERMISSIONS)[number];

export const includesPermission = (held: StorePermission, needed: StorePermission): boolean =>
  STORE_PERMISSIONS.indexOf(held) >= STORE_PERMISSIONS.indexOf(needed);

/** Store ids are server-made UUIDs; anything else is answered as an unknown store without a query. */
const STORE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isStoreId = (id: string): boolean => STORE_ID.test(id);

import { StoreMemberRow } from './persistence/store-members.repository';
import { StoreListRow, StoreRow } from './persistence/stores.repository';
import { StoreKind, StorePermission } from './store-permission';

/** Wire types of the store routes (opsync-api.md §3, §5). Times are ISO 8601 (`?changedSince` takes the same). */

/** `GET /api/stores/:id` and `/by-name/:name` (also sent with header `ETag: "<token>"`). */
export interface StoreResponse {
  id: string;
  kind: StoreKind;
  meta: string | null;
  data: string | null;
  token: string;
  version: number;
  updatedAt: string;
}

/** `POST /api/stores` → 201: the new store without its data (the client just sent it). */
export type StoreCreatedResponse = Omit<StoreResponse, 'data'>;

/** `PUT /api/stores/:id` → 200. */
export interface StoreWrittenResponse {
  token: string;
  version: number;
}

/** One entry of `GET /api/stores`: metadata, never data. */
export interface StoreSummary {
  id: string;
  kind: StoreKind;
  meta: string | null;
  permission: StorePermission;
  version: number;
  token: string;
  updatedAt: string;
  /** Bytes the store is charged: meta (UTF-8) + decoded data or entries. */
  size: number;
  syncEnabled: boolean;
}

export interface StoreSettingsResponse {
  id: string;
  syncEnabled: boolean;
}

export interface StoreMemberResponse {
  userId: number;
  /** Masked unless the caller is an OWN member. */
  email: string;
  permission: StorePermission;
  addedAt: string;
}

export function toStoreResponse(row: StoreRow): StoreResponse {
  return {
    id: row.id,
    kind: row.kind,
    meta: row.meta,
    data: row.data,
    token: row.token,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toStoreCreatedResponse(row: StoreRow): StoreCreatedResponse {
  return { id: row.id, kind: row.kind, meta: row.meta, token: row.token, version: row.version, updatedAt: row.updatedAt.toISOString() };
}

export function toStoreSummary(row: StoreListRow): StoreSummary {
  return {
    id: row.id,
    kind: row.kind,
    meta: row.meta,
    permission: row.permission,
    version: row.version,
    token: row.token,
    updatedAt: row.updatedAt.toISOString(),
    size: row.storedBytes,
    syncEnabled: row.syncEnabled,
  };
}

export function toMemberResponse(row: StoreMemberRow, email: string): StoreMemberResponse {
  return { userId: row.userId, email, permission: row.permission, addedAt: row.addedAt.toISOString() };
}

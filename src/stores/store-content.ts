import { randomBytes } from 'node:crypto';
import { ApiError, base64DecodedBytes } from '../common';
import { StoresError } from './stores.errors';

/** The size rules of store content (opsync-api.md §3) and what a write makes anew. */

export const MAX_META_BYTES = 8 * 1024;

export const metaBytes = (meta: string | null | undefined): number => (meta ? Buffer.byteLength(meta, 'utf8') : 0);

/** Refuses data above STORE_MAX_BYTES (decoded) and meta above 8 KiB with 413 STORE_TOO_LARGE. */
export function checkSizes(data: string | undefined, meta: string | undefined, maxDataBytes: number): void {
  if (metaBytes(meta) > MAX_META_BYTES) throw new ApiError(StoresError.StoreTooLarge, { maxMetaBytes: MAX_META_BYTES });
  if (data !== undefined && base64DecodedBytes(data) > maxDataBytes) throw new ApiError(StoresError.StoreTooLarge, { maxDataBytes });
}

/** A store's version token: opaque to clients, unguessable, new on every write. */
export const newStoreToken = (): string => randomBytes(18).toString('base64url');

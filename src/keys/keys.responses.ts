import { KeySummaryRow, KeyVersionRow, NewKeyVersion } from './key-versions.repository';

/** Wire types of the key routes (opsync-api.md §6). Times are epoch ms. */

/** `PUT /api/keys/:keyId` → 201. */
export interface KeyStoredResponse {
  keyId: string;
  version: number;
  createdAt: number;
}

/** `GET /api/keys/:keyId`: one version with its material, as stored. */
export interface KeyVersionResponse extends NewKeyVersion {
  keyId: string;
  createdAt: number;
  /** The session that stored it; null when stored with a token that has none. */
  createdBy: string | null;
}

/** One entry of `GET /api/keys`: metadata only, never material. */
export interface KeySummary {
  keyId: string;
  versions: number[];
  latestVersion: number;
  updatedAt: number;
}

export function toKeyVersionResponse(row: KeyVersionRow): KeyVersionResponse {
  return {
    keyId: row.keyId,
    version: row.version,
    encryptedKey: row.encryptedKey,
    salt: row.salt,
    nonce: row.nonce,
    algorithm: row.algorithm,
    kdf: row.kdf,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

export function toKeySummary(row: KeySummaryRow): KeySummary {
  return { keyId: row.keyId, versions: row.versions, latestVersion: row.versions[row.versions.length - 1], updatedAt: row.updatedAt };
}

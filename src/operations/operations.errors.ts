/**
 * Stable codes of the sync protocol (spec §7). Per-op codes travel inside a 200 upload response; the
 * others are HTTP errors. The client matches several `error` texts by substring (§9.4), so the texts
 * built below are part of the contract too.
 */
export const OpsError = {
  /** Bad op id, or an id already used by different content or another user. */
  InvalidOpId: 'INVALID_OP_ID',
  /** opType outside the enum. */
  InvalidOpType: 'INVALID_OP_TYPE',
  /** entityType missing or not allow-listed. */
  InvalidEntityType: 'INVALID_ENTITY_TYPE',
  /** entityId / entityIds malformed. */
  InvalidEntityId: 'INVALID_ENTITY_ID',
  /** The op type needs an entityId. */
  MissingEntityId: 'MISSING_ENTITY_ID',
  /** Payload missing, of the wrong shape, too complex, or a bad task-time payload. */
  InvalidPayload: 'INVALID_PAYLOAD',
  /** Payload over 20 MiB (per op); also the 413 for more than 100 ops in one upload. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** Vector clock not an object or over 50 entries. */
  InvalidVectorClock: 'INVALID_VECTOR_CLOCK',
  /** Timestamp not a safe integer. */
  InvalidTimestamp: 'INVALID_TIMESTAMP',
  /** schemaVersion not an integer 1..100. */
  InvalidSchemaVersion: 'INVALID_SCHEMA_VERSION',
  /** Op clientId differs from the request clientId. */
  InvalidClientId: 'INVALID_CLIENT_ID',
  /** Concurrent clock, or an equal clock from another client, on an entity. */
  ConflictConcurrent: 'CONFLICT_CONCURRENT',
  /** The server holds a newer version of the entity. */
  ConflictSuperseded: 'CONFLICT_SUPERSEDED',
  /** A causal REPAIR whose base is not the current lastSeq. */
  RepairStale: 'REPAIR_STALE',
  /** The op is already stored: a success signal for the client. */
  DuplicateOperation: 'DUPLICATE_OPERATION',
  /** Transient: rollback, state-replacement fence, deferred sibling. The client retries. */
  InternalError: 'INTERNAL_ERROR',
  /** Per-user upload limit (second layer of §1.5). */
  RateLimited: 'RATE_LIMITED',
  /** Storage quota exhausted even after auto-cleanup (413). */
  StorageQuotaExceeded: 'STORAGE_QUOTA_EXCEEDED',
  /** Plaintext or malformed ciphertext while E2EE is required (400). */
  E2eeRequired: 'E2EE_REQUIRED',
} as const;
export type OpsErrorCode = (typeof OpsError)[keyof typeof OpsError];

/** `error` texts of the protocol that are fixed strings. */
export const OpsMessage = {
  duplicate: 'Duplicate operation ID',
  idTaken: 'Operation ID already belongs to a different operation',
  idOccupiedBeforeQuota: 'Operation ID was already occupied before quota enforcement',
  fenced: 'Download the latest full-state replacement before retrying',
  repairStale: 'REPAIR snapshot does not include current server state',
  repairDeferred: 'Batch deferred because its REPAIR snapshot is stale',
  txConflict: 'Concurrent transaction conflict - please retry',
  txTimeout: 'Transaction timeout - server busy, please retry',
  txFailed: 'Transaction failed - please retry',
  quotaExceeded: 'Storage quota exceeded',
  rateLimited: 'Rate limited',
  tooManyOps: (max: number) => `Too many operations in upload batch. Maximum is ${max}.`,
  e2eeRequired: 'This server only accepts end-to-end encrypted payloads. Update the app, enable sync encryption, then retry.',
} as const;

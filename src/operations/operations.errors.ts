import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from '../common';

/**
 * HTTP errors of the sync routes (protocol spec §7). The client matches several `error` texts by
 * substring (§9.4), so the texts are part of the contract.
 */
export const OpsError = {
  /** More than 100 ops in one upload (413, with `maxOpsPerBatch`). */
  TooManyOps: (max: number) => ({
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    code: 'PAYLOAD_TOO_LARGE',
    message: `Too many operations in upload batch. Maximum is ${max}.`,
  }),
  /** Per-user upload limit (second layer of §1.5). */
  RateLimited: { status: HttpStatus.TOO_MANY_REQUESTS, code: 'RATE_LIMITED', message: 'Rate limited' },
  /** Storage quota exhausted even after auto-cleanup (413, with the usage fields of §3.1). */
  StorageQuotaExceeded: { status: HttpStatus.PAYLOAD_TOO_LARGE, code: 'STORAGE_QUOTA_EXCEEDED', message: 'Storage quota exceeded' },
  /** Plaintext or malformed ciphertext while E2EE is required. */
  E2eeRequired: {
    status: HttpStatus.BAD_REQUEST,
    code: 'E2EE_REQUIRED',
    message: 'This server only accepts end-to-end encrypted payloads. Update the app, enable sync encryption, then retry.',
  },
  /** An imported op's id is already stored on this server (op ids are global, §2.1): the import is refused whole. */
  ImportedOpIdTaken: (opId: string) => ({
    status: HttpStatus.CONFLICT,
    code: 'IMPORT_OP_ID_TAKEN',
    message: `Operation ${opId} already exists on this server; an account can be imported only once`,
  }),
} as const satisfies ErrorCatalogue;

/**
 * Codes of per-op rejections: they travel inside a 200 upload response (§3.1, §9.1), never as an
 * HTTP status, so they are no catalogue entries; the fixed texts that go with some are below.
 */
export const OpRejectionCode = {
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
  /** Payload over 20 MiB. */
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
} as const;
export type OpRejectionCode = (typeof OpRejectionCode)[keyof typeof OpRejectionCode];

/** Fixed `error` texts of per-op rejections (the validation texts with parameters are built where they are checked). */
export const OpRejectionMessage = {
  duplicate: 'Duplicate operation ID',
  idTaken: 'Operation ID already belongs to a different operation',
  idOccupiedBeforeQuota: 'Operation ID was already occupied before quota enforcement',
  fenced: 'Download the latest full-state replacement before retrying',
  repairStale: 'REPAIR snapshot does not include current server state',
  repairDeferred: 'Batch deferred because its REPAIR snapshot is stale',
  txConflict: 'Concurrent transaction conflict - please retry',
  txTimeout: 'Transaction timeout - server busy, please retry',
  txFailed: 'Transaction failed - please retry',
} as const;

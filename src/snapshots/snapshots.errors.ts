/** Stable codes of the snapshot, restore-point and restore routes (protocol spec §3.3, §3.6, §3.7, §7). */
export const SnapshotsError = {
  /** A reason:"initial" snapshot while the user already has a full-state op (409; `error` is the code too). */
  SyncImportExists: 'SYNC_IMPORT_EXISTS',
  /** Restore over encrypted ops: the server cannot replay ciphertext. */
  EncryptedOpsNotSupported: 'ENCRYPTED_OPS_NOT_SUPPORTED',
  /** restore-points `limit` outside 1..100. */
  InvalidLimit: 'INVALID_LIMIT',
  /** restore path value not an integer ≥ 1. */
  InvalidServerSeq: 'INVALID_SERVER_SEQ',
  /** restore target beyond the user's lastSeq. */
  TargetBeyondLatest: 'TARGET_BEYOND_LATEST',
  /** More than 100 000 ops between the replay start and the target (500). */
  ReplayTooLong: 'SNAPSHOT_REPLAY_TOO_LONG',
  /** Ops needed by the replay are missing (purged history) (500). */
  ReplayIncomplete: 'SNAPSHOT_REPLAY_INCOMPLETE',
  /** A REPAIR without base in the replay range: its state cannot be placed causally (500). */
  LegacyRepairInRange: 'SNAPSHOT_REPLAY_LEGACY_REPAIR',
  /** A full-state op whose payload is not an object (500). */
  UnreplayableFullState: 'SNAPSHOT_REPLAY_INVALID_FULL_STATE',
  /** Replayed state over 100 MiB (500). */
  StateTooLarge: 'SNAPSHOT_STATE_TOO_LARGE',
} as const;

export const SnapshotsMessage = {
  syncImportExists: 'An initial full-state import already exists for this account. Download it instead of uploading a new one.',
  encryptedOps:
    'Server-side snapshot is unavailable because operations are end-to-end encrypted. Use the client app\'s "Sync Now" button to decrypt and restore locally.',
  invalidLimit: 'Invalid limit parameter (must be 1-100)',
  invalidServerSeq: 'Invalid serverSeq parameter (must be a positive integer)',
  targetBeyondLatest: (target: number, latest: number) => `Target sequence ${target} exceeds latest sequence ${latest}`,
} as const;

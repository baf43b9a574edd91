import { HttpStatus } from '@nestjs/common';
import { ErrorCatalogue } from '../common';

/** Errors of the snapshot, restore-point and restore routes (protocol spec §3.3, §3.6, §3.7, §7). */
export const SnapshotsError = {
  /**
   * A reason:"initial" snapshot while the user already has a full-state op (409). The client detects
   * it by the `error` text, which is therefore the code itself; the explanation goes in `message`.
   */
  SyncImportExists: { status: HttpStatus.CONFLICT, code: 'SYNC_IMPORT_EXISTS', message: 'SYNC_IMPORT_EXISTS' },
  /** Restore over encrypted ops: the server cannot replay ciphertext ("encrypt" must stay in the first 80 chars). */
  EncryptedOpsNotSupported: {
    status: HttpStatus.BAD_REQUEST,
    code: 'ENCRYPTED_OPS_NOT_SUPPORTED',
    message:
      'Server-side snapshot is unavailable because operations are end-to-end encrypted. Use the client app\'s "Sync Now" button to decrypt and restore locally.',
  },
  /** restore-points `limit` outside 1..100. */
  InvalidLimit: { status: HttpStatus.BAD_REQUEST, code: 'INVALID_LIMIT', message: 'Invalid limit parameter (must be 1-100)' },
  /** restore path value not an integer ≥ 1. */
  InvalidServerSeq: {
    status: HttpStatus.BAD_REQUEST,
    code: 'INVALID_SERVER_SEQ',
    message: 'Invalid serverSeq parameter (must be a positive integer)',
  },
  /** restore target beyond the user's lastSeq. */
  TargetBeyondLatest: (target: number, latest: number) => ({
    status: HttpStatus.BAD_REQUEST,
    code: 'TARGET_BEYOND_LATEST',
    message: `Target sequence ${target} exceeds latest sequence ${latest}`,
  }),
  /** Too many ops between the replay start and the target (500). */
  ReplayTooLong: (maxOps: number) => ({
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'SNAPSHOT_REPLAY_TOO_LONG',
    message: `More than ${maxOps} operations to replay`,
  }),
  /** Ops needed by the replay are missing (purged history) (500). */
  ReplayIncomplete: (detail: string) => ({ status: HttpStatus.INTERNAL_SERVER_ERROR, code: 'SNAPSHOT_REPLAY_INCOMPLETE', message: detail }),
  /** A REPAIR without base in the replay range: its state cannot be placed causally (500). */
  LegacyRepairInRange: {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'SNAPSHOT_REPLAY_LEGACY_REPAIR',
    message: 'A legacy repair in the range cannot be replayed',
  },
  /** A full-state op whose payload is not an object (500). */
  UnreplayableFullState: (detail: string) => ({
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'SNAPSHOT_REPLAY_INVALID_FULL_STATE',
    message: detail,
  }),
  /** Replayed state over 100 MiB (500). */
  StateTooLarge: { status: HttpStatus.INTERNAL_SERVER_ERROR, code: 'SNAPSHOT_STATE_TOO_LARGE', message: 'Replayed state exceeds 100 MiB' },
} as const satisfies ErrorCatalogue;

/** The explanation sent beside SYNC_IMPORT_EXISTS (its `error` is the bare code). */
export const SYNC_IMPORT_EXISTS_EXPLANATION =
  'An initial full-state import already exists for this account. Download it instead of uploading a new one.';

/**
 * The SuperSync op log. Other modules get the module and its services, and on purpose the pieces of
 * the upload pipeline that snapshot uploads share (lock, decide, commit; dedup, quota, the transaction
 * options) together with the pure protocol rules they decide by. Everything else stays inside.
 */

// The module and its services.
export { OperationsModule } from './operations.module';
export { RetentionScheduleModule } from './retention/retention-schedule.module';
export { OpHistoryService, OpLogGap } from './op-history.service';
export { OpLogService } from './op-log.service';
export { OpLogTransferService } from './op-log-transfer.service';
export type { ExportedSyncState } from './op-log-transfer.service';
export { RequestDedupService } from './request-dedup.service';
export type { DedupKey } from './persistence/request-dedup.repository';
export { quotaExceeded, StorageQuotaService } from './storage-quota.service';
export { SyncDataService } from './sync-data.service';
export { transactionFailureMessage, UPLOAD_TRANSACTION } from './persistence/upload-transaction';

// The protocol: op shapes and kinds, limits, per-op results and rejections, field rules of the DTOs.
export { isClientId } from './domain/client-id';
export { assertEncrypted } from './domain/e2ee-gate';
export { sameContent } from './domain/op-content';
export { FULL_STATE_OP_TYPES, isCausalFullState, isFullStateOpType, SYNC_IMPORT_REASONS } from './domain/op-kinds';
export type { FullStateOpType } from './domain/op-kinds';
export type { IncomingOp, StoredOp } from './domain/op-record';
export type { FullStateMarker } from './persistence/sync-state.repository';
export { MAX_CLOCK_COUNTER, MAX_PAYLOAD_BYTES, MAX_REPLAY_OPS, MAX_REPLAY_STATE_BYTES } from './domain/protocol-limits';
export { IsClientId, IsDecimalQueryInt, IsRequestId, IsServerSeq, IsStorableText, OptionalField } from './http/dto/field-rules';
export { OpRejectionCode, OpRejectionMessage, OpsError } from './operations.errors';
export { accepted, rejected, toServerOperation } from './operations.responses';
export type { UploadResult } from './operations.responses';
export type { FullStateOpSummary } from './persistence/operations.repository';

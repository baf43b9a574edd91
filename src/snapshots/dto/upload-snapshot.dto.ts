import { Allow, IsBoolean, IsDefined, IsIn, IsInt, IsObject, IsUUID, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { IgnoresUnknownFields } from '../../common';
import {
  FULL_STATE_OP_TYPES,
  FullStateOpType,
  IsClientId,
  IsRequestId,
  IsServerSeq,
  OptionalField,
  SYNC_IMPORT_REASONS,
} from '../../operations';

export const SNAPSHOT_REASONS = ['initial', 'recovery', 'migration'] as const;

/** A vector clock whose values are all numbers (the snapshot envelope refuses others, §3.3). */
const IsNumberRecord = () =>
  ValidateBy({
    name: 'isNumberRecord',
    validator: {
      validate: (value) =>
        value !== null &&
        typeof value === 'object' &&
        Object.values(value as object).every((v) => typeof v === 'number' && Number.isFinite(v)),
      defaultMessage: () => '$property values must be numbers',
    },
  });

/** POST /api/sync/snapshot (§3.3). Unknown fields are dropped. */
@IgnoresUnknownFields()
export class UploadSnapshotDto {
  /** Opaque client JSON (ciphertext under E2EE): set from the raw body after validation, never walked. */
  @Allow()
  @IsDefined()
  state!: unknown;

  @IsClientId()
  clientId!: string;

  @IsIn(SNAPSHOT_REASONS)
  reason!: (typeof SNAPSHOT_REASONS)[number];

  @IsObject()
  @IsNumberRecord()
  vectorClock!: Record<string, number>;

  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(100)
  schemaVersion?: number;

  @OptionalField()
  @IsBoolean()
  isPayloadEncrypted?: boolean;

  @OptionalField()
  @IsIn(SYNC_IMPORT_REASONS)
  syncImportReason?: string;

  /** Required for a clean slate, whose retry must be recognisable before anything is deleted. */
  @ValidateIf((dto: UploadSnapshotDto) => dto.isCleanSlate === true || dto.opId !== undefined)
  @IsUUID('all')
  opId?: string;

  @OptionalField()
  @IsBoolean()
  isCleanSlate?: boolean;

  @OptionalField()
  @IsIn(FULL_STATE_OP_TYPES)
  snapshotOpType?: FullStateOpType;

  @OptionalField()
  @IsServerSeq()
  repairBaseServerSeq?: number;

  @OptionalField()
  @IsRequestId()
  requestId?: string;
}

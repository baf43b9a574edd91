import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IgnoresUnknownFields } from '../../../common';
import { SYNC_IMPORT_REASONS } from '../../domain/op-kinds';
import { IncomingOp } from '../../domain/op-record';
import { MAX_OPS_PER_UPLOAD } from '../../domain/protocol-limits';
import { IsClientId, IsRequestId, IsServerSeq, IsStorableText, OptionalField } from './field-rules';

/** Envelope-level string bound of §2.3; the tighter semantic limits are per-op results (§4.2). */
const ENVELOPE_STRING = 4096;

/** One op of an upload, checked at envelope level only (§2.3): wrong types refuse the whole request. */
@IgnoresUnknownFields()
export class UploadOpDto implements IncomingOp {
  @IsString()
  @MaxLength(ENVELOPE_STRING)
  @IsStorableText()
  id!: string;

  @IsString()
  @MaxLength(ENVELOPE_STRING)
  clientId!: string;

  @IsString()
  @Length(1, 255)
  @IsStorableText()
  actionType!: string;

  @IsString()
  @MaxLength(ENVELOPE_STRING)
  opType!: string;

  @IsString()
  @MaxLength(ENVELOPE_STRING)
  entityType!: string;

  @OptionalField()
  @IsString()
  @MaxLength(ENVELOPE_STRING)
  @IsStorableText()
  entityId?: string;

  @OptionalField()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  @MaxLength(ENVELOPE_STRING, { each: true })
  @IsStorableText({ each: true })
  entityIds?: string[];

  /** Opaque client JSON: set from the raw body after validation (see OpaqueBody), never walked. */
  @Allow()
  payload?: unknown;

  @IsObject()
  vectorClock!: Record<string, unknown>;

  @IsNumber()
  timestamp!: number;

  @IsNumber()
  schemaVersion!: number;

  @OptionalField()
  @IsBoolean()
  isPayloadEncrypted?: boolean;

  @OptionalField()
  @IsIn(SYNC_IMPORT_REASONS)
  syncImportReason?: string;

  @OptionalField()
  @IsServerSeq()
  repairBaseServerSeq?: number;
}

/** POST /api/sync/ops (§3.1). Unknown fields are dropped, as the reference does. */
@IgnoresUnknownFields()
export class UploadOpsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPS_PER_UPLOAD)
  @ValidateNested({ each: true })
  @Type(() => UploadOpDto)
  ops!: UploadOpDto[];

  @IsClientId()
  clientId!: string;

  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  lastKnownServerSeq?: number;

  @OptionalField()
  @IsRequestId()
  requestId?: string;
}

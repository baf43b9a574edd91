import { applyDecorators } from '@nestjs/common';
import { IsBase64, IsBoolean, IsEmail, IsIn, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Type } from 'class-transformer';
import { IsInt4IdText } from '../../../common';
import { STORE_KINDS, STORE_PERMISSIONS, StoreKind, StorePermission } from '../../store-permission';

/**
 * Inputs of the store routes (opsync-api.md §3, §5). Store ids in paths are plain strings on purpose: a
 * malformed id answers 404 STORE_NOT_FOUND like any id the caller may not see (the permission check
 * refuses it before the database). Sizes in bytes are the service's (413), not the pipeline's.
 */

/** Store names: 1–200 characters, kept only as an HMAC. */
const IsStoreName = () => Length(1, 200);

/** Meta is opaque text; its 8 KiB limit is in UTF-8 bytes, so only an absurd length is refused here. */
const MAX_META_CHARS = 8 * 1024;
/** Optional opaque meta text of a create or write. */
const IsStoreMeta = () => applyDecorators(IsOptional(), IsString(), MaxLength(MAX_META_CHARS));

export class CreateStoreDto {
  @IsIn(STORE_KINDS)
  kind!: StoreKind;

  @IsOptional()
  @IsString()
  @IsStoreName()
  name?: string;

  @IsStoreMeta()
  meta?: string;

  /** Blob kind only: padded standard base64. */
  @IsOptional()
  @IsString()
  @IsBase64()
  data?: string;
}

export class WriteStoreDto {
  @IsString()
  @IsBase64()
  data!: string;

  @IsStoreMeta()
  meta?: string;

  /** The token this write is based on; header If-Match wins when both are sent. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  token?: string;
}

export class StoreSettingsDto {
  @IsBoolean()
  syncEnabled!: boolean;
}

export class ShareStoreDto {
  @IsString()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsIn(STORE_PERMISSIONS)
  permission!: StorePermission;
}

export class StoreParamsDto {
  @IsString()
  id!: string;
}

export class StoreNameParamsDto {
  @IsString()
  @IsStoreName()
  name!: string;
}

export class StoreMemberParamsDto {
  @IsString()
  id!: string;

  @IsInt4IdText()
  userId!: number;
}

export class ListStoresQueryDto {
  /** ISO 8601 time: only stores updated after it. */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Type(() => String)
  changedSince?: string;
}

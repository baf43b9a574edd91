import { IsOptional } from 'class-validator';
import { NewKeyVersion } from '../../key-versions.repository';
import { IsKeyId, IsKeyLabel, IsKeyMaterial, IsKeyVersion, IsKeyVersionText } from './key-fields';

/** `PUT /api/keys/:keyId` body. */
export class PutKeyDto implements NewKeyVersion {
  /** Must be the current version + 1 (1 for a new key). */
  @IsKeyVersion()
  version!: number;

  @IsKeyMaterial()
  encryptedKey!: string;

  @IsKeyMaterial()
  salt!: string;

  @IsKeyMaterial()
  nonce!: string;

  @IsKeyLabel()
  algorithm!: string;

  @IsKeyLabel()
  kdf!: string;
}

/** `/api/keys/:keyId` path. */
export class KeyParamsDto {
  @IsKeyId()
  keyId!: string;
}

/** `/api/keys/:keyId/versions/:version` path. */
export class KeyVersionParamsDto {
  @IsKeyId()
  keyId!: string;

  @IsKeyVersionText()
  version!: number;
}

/** `GET /api/keys/:keyId` query: a given version instead of the latest. */
export class GetKeyQueryDto {
  @IsOptional()
  @IsKeyVersionText()
  version?: number;
}

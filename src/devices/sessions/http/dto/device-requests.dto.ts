import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { MAX_SESSION_NAME_LENGTH } from '../../session-kind';

/** `:id` of the device routes: session ids are UUIDs, so anything else is refused before any query. */
export class DeviceParamsDto {
  @IsUUID()
  id!: string;
}

/** `PATCH /api/devices/:id` body. */
export class RenameDeviceDto {
  @IsString()
  @Length(1, MAX_SESSION_NAME_LENGTH)
  @Matches(/\S/, { message: '$property must not be blank' })
  name!: string;
}

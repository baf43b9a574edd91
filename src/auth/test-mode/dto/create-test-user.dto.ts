import { IsString, MinLength } from 'class-validator';
import { IgnoresUnknownFields } from '../../../common';
import { IsAccountEmail } from '../../dto/account-fields';

/** `POST /api/test/create-user` (accounts spec §3.18). */
@IgnoresUnknownFields()
export class CreateTestUserDto {
  @IsAccountEmail()
  email!: string;

  @IsString()
  @MinLength(8)
  password!: string;
}

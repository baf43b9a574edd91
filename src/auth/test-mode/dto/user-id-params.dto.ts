import { IsInt4IdText } from '../../../common';

/** `DELETE /api/test/user/:userId`: an id the users table's int4 column can hold. */
export class UserIdParamsDto {
  @IsInt4IdText()
  userId!: number;
}

import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiError, Client, ClientContext, PipelineError, Public } from '../../common';
import { UserIdParamsDto } from './dto/user-id-params.dto';
import { CreateTestUserDto } from './dto/create-test-user.dto';
import { TestModeService } from './test-mode.service';

/**
 * `/api/test/*` account helpers (accounts spec §3.18). Mounted only when TEST_MODE is on, so without it
 * every such path is an ordinary 404. TEST_MODE also switches rate limiting off.
 */
@Controller('api/test')
@Public()
export class TestModeController {
  constructor(private readonly testMode: TestModeService) {}

  @Post('create-user')
  @HttpCode(HttpStatus.CREATED)
  createUser(@Body() body: CreateTestUserDto, @Client() client: ClientContext) {
    return this.testMode.createUser(body.email, body.password, client);
  }

  @Post('cleanup')
  @HttpCode(HttpStatus.OK)
  cleanup() {
    return this.testMode.cleanup();
  }

  @Delete('user/:userId')
  @HttpCode(HttpStatus.OK)
  async deleteUser(@Param() { userId }: UserIdParamsDto) {
    if (!(await this.testMode.deleteUser(userId))) throw new ApiError(PipelineError.NotFound('User not found'));
    return { success: true };
  }
}

import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Length } from 'class-validator';
import { AuthUser, CurrentUser, Public } from '../../src/common';
import { RateLimit } from '../../src/rate-limit/rate-limit.decorator';

export class EchoDto {
  @IsString()
  @Length(1, 10)
  name!: string;

  @IsOptional()
  @IsInt()
  count?: number;
}

/** Routes mounted only in e2e tests, to exercise the pipeline and guards without a feature module. */
@Controller('probe')
export class ProbeController {
  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return user;
  }

  @Public()
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: EchoDto) {
    return body;
  }

  @Public()
  @Post('raw')
  @HttpCode(200)
  raw(@Body() body: Record<string, unknown>) {
    return { received: body };
  }

  @Public()
  @Post('limited')
  @HttpCode(200)
  @RateLimit('replaceToken')
  limited() {
    return { ok: true };
  }

  @Get('limited-auth')
  @RateLimit('deleteAccount')
  limitedAuth(@CurrentUser() user: AuthUser) {
    return { userId: user.userId };
  }
}

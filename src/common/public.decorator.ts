import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'opsync:public';
/** Marks a public operation in the OpenAPI document, which gives every other operation the bearer scheme and its 401. */
export const PUBLIC_EXTENSION = 'x-opsync-public';

/** Opens a route to callers without a token. Without it, every route requires one. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));

import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'opsync:public';

/** Opens a route to callers without a token. Without it, every route requires one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AuthUser } from './auth-user';

/**
 * The authenticated caller. Fails loudly on a route that did not authenticate (a @Public() route
 * asking for a user is a programming error, not a 401).
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
  if (!user) throw new Error('@CurrentUser() used on a route without an authenticated user (is it @Public()?)');
  return user;
});

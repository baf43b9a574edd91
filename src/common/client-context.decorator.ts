import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { clientContext, ClientContext } from './client-context';

/** The caller's truncated IP and user agent, for audit events and sessions. */
export const Client = createParamDecorator((_data: unknown, context: ExecutionContext): ClientContext =>
  clientContext(context.switchToHttp().getRequest<Request>()),
);

import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { ApiError } from '../api-error';
import { IS_PUBLIC } from '../public.decorator';
import { PipelineError } from '../pipeline.errors';
import { BodyBudget } from './body-budget';
import { bodyLimitsFor, readsOwnBody } from './body-limits';
import { readBody } from './body-reader';

/** Seconds a client refused by the body budget is told to wait: bodies in flight take about that long to clear. */
const BUDGET_RETRY_AFTER_SECONDS = 1;

/**
 * Reads the request body into `req.body` (issue 10). An interceptor, so it runs after the guards: a
 * request refused by the rate limiter or the access-token guard is answered without its body being
 * read or inflated (Node drains what the client still sends once the answer is out). Public routes get
 * the small limits of body-limits.ts. The body's bytes stay on the budget until the response is over.
 */
@Injectable()
export class BodyReaderInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly budget: BodyBudget,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (readsOwnBody(req.method, req.path)) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
    const lease = this.budget.lease();
    res.once('close', () => lease.release());
    try {
      req.body = await readBody(req, bodyLimitsFor(req.method, req.path, isPublic), lease);
    } catch (error) {
      req.resume(); // drain what is left so the refusal reaches the client and the connection can be reused
      if (error instanceof ApiError && error.entry === PipelineError.BodyBudgetExhausted) {
        res.setHeader('Retry-After', String(BUDGET_RETRY_AFTER_SECONDS));
      }
      throw error;
    }
    return next.handle();
  }
}

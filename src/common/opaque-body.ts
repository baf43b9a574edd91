import { createParamDecorator, ExecutionContext, Injectable, PipeTransform, Type } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config';
import { RequestValidationPipe } from './validation';

/**
 * The parsed request body, handed to a route's own pipe. The global validation pipe leaves custom
 * decorators alone, which is the point: bodies that carry opaque client JSON (op payloads, snapshot
 * state) are validated by pipes that first take that JSON out of class-transformer's reach. Left in,
 * it would be walked and copied key by key (tens of MiB), and the pipe's prototype-key stripping would
 * delete `constructor` / `prototype` members from the user's data.
 */
export const OpaqueJsonBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown => context.switchToHttp().getRequest<Request>().body,
);

/** What a plain object looked like before its opaque field was swapped for a stand-in. */
export interface Detached {
  /** Shallow copy with the field replaced (or the value itself when it had no such field). */
  copy: unknown;
  present: boolean;
  raw: unknown;
}

const STAND_IN = '<opaque>';

export function detachField(holder: unknown, field: string): Detached {
  if (holder === null || typeof holder !== 'object' || Array.isArray(holder) || !Object.hasOwn(holder, field)) {
    return { copy: holder, present: false, raw: undefined };
  }
  return { copy: { ...holder, [field]: STAND_IN }, present: true, raw: (holder as Record<string, unknown>)[field] };
}

/** Base of the pipes that validate an OpaqueJsonBody with the app's rules and error shape. */
@Injectable()
export abstract class OpaqueBodyPipe<T> implements PipeTransform<unknown, Promise<T>> {
  private readonly validation: RequestValidationPipe;

  constructor(config: AppConfig) {
    this.validation = new RequestValidationPipe(!config.isProduction);
  }

  abstract transform(body: unknown): Promise<T>;

  /** Validates a body whose opaque fields were detached (see detachField). */
  protected validate(input: unknown, metatype: Type<T>): Promise<T> {
    return this.validation.transform(input, { type: 'body', metatype }) as Promise<T>;
  }
}

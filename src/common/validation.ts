import { ArgumentMetadata, Injectable, PipeTransform, SetMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError, ErrorEntry } from './api-error';
import { PipelineError } from './pipeline.errors';

export interface ValidationIssue {
  code: string;
  path: (string | number)[];
  message: string;
}

const IGNORES_UNKNOWN_FIELDS = 'opsync:ignores-unknown-fields';
const REFUSED_WITH = 'opsync:refused-with';

/**
 * Marks a DTO whose wire contract says unknown fields are dropped rather than refused (SuperSync's
 * ops envelope, account bodies, replace-token's legacy `clientId`): the client may send more than
 * we model, and refusing would break it. Every other DTO rejects unknown fields.
 */
export const IgnoresUnknownFields = (): ClassDecorator => SetMetadata(IGNORES_UNKNOWN_FIELDS, true);

/**
 * Marks a DTO whose wire contract answers any invalid value with one fixed error of its module's
 * catalogue (the restore routes' INVALID_LIMIT, INVALID_SERVER_SEQ) instead of VALIDATION_FAILED.
 */
export const RefusedWith = (entry: ErrorEntry): ClassDecorator => SetMetadata(REFUSED_WITH, entry);

/** Flattens class-validator's tree into `{ code, path, message }` issues (accounts spec §2.3). */
export function validationIssues(errors: ValidationError[], parent: (string | number)[] = []): ValidationIssue[] {
  return errors.flatMap((error) => {
    const key = /^\d+$/.test(error.property) ? Number(error.property) : error.property;
    const path = [...parent, key];
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({ code, path, message }));
    return [...own, ...validationIssues(error.children ?? [], path)];
  });
}

/**
 * The global pipe: transforms into DTO classes, rejects unknown fields (or strips them for DTOs marked
 * @IgnoresUnknownFields), and answers 400 `{ error: "Validation failed", errorCode, details }`
 * (details omitted in production), or the DTO's own @RefusedWith error.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly strict: ValidationPipe;
  private readonly lenient: ValidationPipe;

  constructor(includeDetails: boolean) {
    const exceptionFactory = (errors: ValidationError[]) =>
      new ApiError(PipelineError.ValidationFailed, includeDetails ? { details: validationIssues(errors) } : {});
    this.strict = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory });
    this.lenient = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: false, transform: true, exceptionFactory });
  }

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const lenient = metadata.metatype && Reflect.getMetadata(IGNORES_UNKNOWN_FIELDS, metadata.metatype) === true;
    const refusal: ErrorEntry | undefined = metadata.metatype && Reflect.getMetadata(REFUSED_WITH, metadata.metatype);
    try {
      return await (lenient ? this.lenient : this.strict).transform(value, metadata);
    } catch (error) {
      if (refusal && error instanceof ApiError && error.entry === PipelineError.ValidationFailed) throw new ApiError(refusal);
      throw error;
    }
  }
}

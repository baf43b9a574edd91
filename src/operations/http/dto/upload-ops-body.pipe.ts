import { Injectable } from '@nestjs/common';
import { ApiError, detachField, OpaqueBodyPipe } from '../../../common';
import { MAX_OPS_PER_UPLOAD } from '../../domain/protocol-limits';
import { OpsError } from '../../operations.errors';
import { acceptedUploadEnvelope } from './upload-envelope';
import { UploadOpsDto } from './upload-ops.dto';

/**
 * Turns the raw POST /api/sync/ops body into an UploadOpsDto: the batch-size 413 first (counted before
 * schema validation, §3.1 step 5), then the envelope check, with every op's payload kept as parsed:
 * the hand-written fast path for a valid body, the DTO for every other (it words the 400).
 */
@Injectable()
export class UploadOpsBodyPipe extends OpaqueBodyPipe<UploadOpsDto> {
  async transform(body: unknown): Promise<UploadOpsDto> {
    const rawOps = (body as { ops?: unknown }).ops;
    if (Array.isArray(rawOps) && rawOps.length > MAX_OPS_PER_UPLOAD) {
      throw new ApiError(OpsError.TooManyOps(MAX_OPS_PER_UPLOAD), { maxOpsPerBatch: MAX_OPS_PER_UPLOAD });
    }
    const accepted = acceptedUploadEnvelope(body);
    if (accepted) return accepted;
    const ops = Array.isArray(rawOps) ? rawOps.map((op) => detachField(op, 'payload')) : null;
    const dto = await this.validate(ops ? { ...(body as object), ops: ops.map((op) => op.copy) } : body, UploadOpsDto);
    ops?.forEach((op, index) => {
      dto.ops[index].payload = op.raw;
    });
    return dto;
  }
}

import { ApiError } from '../../src/common/api-error';
import { UploadOpsBodyPipe } from '../../src/operations/http/dto/upload-ops-body.pipe';
import { OpsUploadService } from '../../src/operations/ops-upload.service';
import { UploadSnapshotBodyPipe } from '../../src/snapshots/dto/upload-snapshot-body.pipe';
import { SnapshotUploadService } from '../../src/snapshots/snapshot-upload.service';
import { WireOp } from '../factories/sync-op.factory';
import { ServiceContext } from './service-context';

/**
 * The work of the sync upload routes for one user, without HTTP, for service tests: each body is
 * JSON-encoded and parsed again (what reaches a route), passed through the route's own pipe, then
 * handed to its service, as the controllers do.
 */
export function syncServices(ctx: ServiceContext, userId: number) {
  const asReceived = (body: unknown) => JSON.parse(JSON.stringify(body)) as unknown;
  const uploadRaw = async (body: unknown) =>
    ctx.get(OpsUploadService).upload(userId, await ctx.get(UploadOpsBodyPipe).transform(asReceived(body)));
  return {
    uploadRaw,
    upload: (clientId: string, ops: WireOp[], extra: Record<string, unknown> = {}) => uploadRaw({ ops, clientId, ...extra }),
    snapshot: async (body: Record<string, unknown>) =>
      ctx.get(SnapshotUploadService).upload(userId, await ctx.get(UploadSnapshotBodyPipe).transform(asReceived(body))),
  };
}

/** What a refused call threw, as the error filter would answer it: status, code and the entry's extra fields. */
export async function refusalOf(
  call: Promise<unknown>,
): Promise<{ status: number; code?: string; message: string; [extra: string]: unknown }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return {
      status: error.getStatus(),
      code: 'code' in error.entry ? error.entry.code : undefined,
      message: error.entry.message,
      ...error.extra,
    };
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

import { Prisma } from '../../generated/prisma/client';
import { OpRejectionMessage } from '../operations.errors';

/** Upload, snapshot and wipe transactions (§1.6): wait for the user's lock, then at most 60 s. */
export const UPLOAD_TRANSACTION = { maxWait: 60_000, timeout: 60_000 } as const;

/** PostgreSQL codes that mean "lost a race, retry": serialization failure, deadlock, unique violation. */
const RACE_CODES = new Set(['40001', '40P01', '23505']);

/**
 * The per-op `error` for every op of a failed upload transaction (§4.1 guarantee 4): the client keeps
 * the ops pending and retries.
 */
export function transactionFailureMessage(error: unknown): string {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2028') return OpRejectionMessage.txTimeout;
    if (error.code === 'P2034' || error.code === 'P2002') return OpRejectionMessage.txConflict;
    const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: string } } | undefined)?.cause;
    if (cause?.originalCode && RACE_CODES.has(cause.originalCode)) return OpRejectionMessage.txConflict;
  }
  return OpRejectionMessage.txFailed;
}

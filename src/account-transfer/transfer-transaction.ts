import { Prisma } from '../generated/prisma/client';

/**
 * An export or import is one transaction over the whole account, however long the stream takes to
 * send: an export reads one consistent snapshot (REPEATABLE READ), an import writes all or nothing.
 * The bound stops a stalled client from holding a connection for ever.
 */
const TRANSFER_TIMEOUT_MS = 30 * 60_000;

export const EXPORT_TRANSACTION = {
  isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
  maxWait: 60_000,
  timeout: TRANSFER_TIMEOUT_MS,
} as const;

export const IMPORT_TRANSACTION = { maxWait: 60_000, timeout: TRANSFER_TIMEOUT_MS } as const;

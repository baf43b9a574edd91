/**
 * PostgreSQL advisory lock ids used by OpSync, in one place so no two features collide.
 * Keys are (int4, int4) pairs where a feature locks per user: (namespace, userId).
 */
export const AdvisoryLock = {
  /** Prisma Migrate's own id, so `prisma migrate deploy` and our runner exclude each other. */
  migrations: 72707369,
  /** Daily retention job: one instance at a time. */
  retentionJob: 72707370,
} as const;

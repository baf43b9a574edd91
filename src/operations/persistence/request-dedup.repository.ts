import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';

export type DedupNamespace = 'ops' | 'snapshot';

/** One cached answer's key (§4.4): the user's request id in its namespace, for one request fingerprint. */
export interface DedupKey {
  userId: number;
  namespace: DedupNamespace;
  requestId: string;
  fingerprint: string;
}

/** The only file that touches sync_request_dedup. */
@Injectable()
export class RequestDedupRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The stored answer if it is younger than `ttlMs` and was stored for the same fingerprint. */
  async find(key: DedupKey, ttlMs: number): Promise<unknown> {
    const [row] = await this.prisma.$queryRaw<{ response: unknown }[]>`
      SELECT response FROM sync_request_dedup
       WHERE user_id = ${key.userId} AND namespace = ${key.namespace} AND request_id = ${key.requestId} AND fingerprint = ${key.fingerprint}
         AND created_at > now() - make_interval(secs => ${ttlMs / 1000})`;
    return row?.response;
  }

  async save(key: DedupKey, response: unknown, db: Db): Promise<void> {
    await db.$executeRaw`
      INSERT INTO sync_request_dedup (user_id, namespace, request_id, fingerprint, response)
      VALUES (${key.userId}, ${key.namespace}, ${key.requestId}, ${key.fingerprint}, ${JSON.stringify(response)}::jsonb)
      ON CONFLICT (user_id, namespace, request_id)
      DO UPDATE SET fingerprint = EXCLUDED.fingerprint, response = EXCLUDED.response, created_at = now()`;
  }

  async deleteForUser(userId: number, db: Db): Promise<void> {
    await db.$executeRaw`DELETE FROM sync_request_dedup WHERE user_id = ${userId}`;
  }

  async deleteOlderThan(ttlMs: number): Promise<number> {
    return this.prisma.$executeRaw`DELETE FROM sync_request_dedup WHERE created_at <= now() - make_interval(secs => ${ttlMs / 1000})`;
  }
}

import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { SessionKind } from './session-kind';

export interface NewSession {
  userId: number;
  id: string;
  name: string;
  kind: SessionKind;
  lastIp: string | null;
}

export interface SessionRow {
  id: string;
  name: string;
  kind: string;
  createdAt: Date;
  lastSeenAt: Date;
  lastIp: string | null;
}

const SESSION_COLUMNS = { id: true, name: true, kind: true, createdAt: true, lastSeenAt: true, lastIp: true } as const;

/**
 * The only writer of table `sessions` (opsync-api.md §1). Every statement names the user, so another
 * account's session id matches nothing, exactly like an unknown one. Revoked rows stay (revoked_at set)
 * until the account goes: a revoked id must never come back to life.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(session: NewSession, db: Db): Promise<void> {
    await db.session.create({ data: session });
  }

  /** Active sessions, the most recently seen first. */
  listActive(userId: number): Promise<SessionRow[]> {
    return this.prisma.session.findMany({
      where: { userId, revokedAt: null },
      orderBy: [{ lastSeenAt: 'desc' }, { createdAt: 'desc' }],
      select: SESSION_COLUMNS,
    });
  }

  async rename(userId: number, id: string, name: string): Promise<SessionRow | null> {
    const { count } = await this.prisma.session.updateMany({ where: { userId, id, revokedAt: null }, data: { name } });
    return count === 1 ? this.prisma.session.findUnique({ where: { userId_id: { userId, id } }, select: SESSION_COLUMNS }) : null;
  }

  /** False when there is no such active session. */
  async revoke(userId: number, id: string, db: Db): Promise<boolean> {
    const { count } = await db.session.updateMany({ where: { userId, id, revokedAt: null }, data: { revokedAt: new Date() } });
    return count === 1;
  }

  /** Every active session of the account (replace-token, recovery). */
  async revokeAll(userId: number, db: Db): Promise<number> {
    const { count } = await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return count;
  }

  /** Moves an active session's generation on in one statement; null when the session is gone or revoked. */
  async nextGeneration(userId: number, id: string, db: Db): Promise<number | null> {
    const rows = await db.$queryRaw<{ generation: number }[]>`
      UPDATE sessions SET generation = generation + 1
       WHERE user_id = ${userId} AND id = ${id} AND revoked_at IS NULL
      RETURNING generation`;
    return rows[0]?.generation ?? null;
  }

  /**
   * Records that the session was seen. The condition keeps it to one write a minute per session even
   * when several instances see it at the same moment; the address is kept when the caller has none.
   */
  async touch(userId: number, id: string, ip: string | null): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE sessions SET last_seen_at = now(), last_ip = coalesce(${ip}, last_ip)
       WHERE user_id = ${userId} AND id = ${id} AND last_seen_at < now() - interval '1 minute'`;
  }
}

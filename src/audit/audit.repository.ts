import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../database';
import { Prisma } from '../generated/prisma/client';
import { AuditActor, AuditEventType } from './audit-event-types';

const AUDIT_COLUMNS = { id: true, type: true, at: true, ip: true, userAgent: true, sessionId: true, actor: true, details: true } as const;
export type AuditRow = Prisma.AuditEventGetPayload<{ select: typeof AUDIT_COLUMNS }>;

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(
    event: {
      userId: number | null;
      type: AuditEventType;
      actor: AuditActor;
      ip: string | null;
      userAgent: string | null;
      sessionId: string | null;
      details: Record<string, unknown>;
    },
    db: Db = this.prisma,
  ): Promise<void> {
    await db.auditEvent.create({ data: { ...event, details: event.details as object } });
  }

  /** Newest first, `limit` rows with id < before. */
  findPage(userId: number, limit: number, before: bigint | undefined): Promise<AuditRow[]> {
    return this.prisma.auditEvent.findMany({
      where: { userId, ...(before !== undefined ? { id: { lt: before } } : {}) },
      orderBy: { id: 'desc' },
      take: limit,
      select: AUDIT_COLUMNS,
    });
  }
}

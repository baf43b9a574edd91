import { Injectable } from '@nestjs/common';
import { ClientContext } from '../common';
import { Db } from '../database';
import { AuditActor, AuditEventType } from './audit-event-types';
import { AuditRepository, AuditRow } from './audit.repository';

export interface AuditEntry {
  userId: number | null;
  type: AuditEventType;
  actor?: AuditActor;
  client?: ClientContext;
  sessionId?: string | null;
  /** Small, secret-free JSON: never tokens, payloads or full email addresses (use common's maskEmail). */
  details?: Record<string, unknown>;
}

/**
 * An audited change as its caller asks for it: the actor (and request) of its audit event, and, for
 * an operator script, the script's own rows, which `alsoInTransaction` writes in the change's
 * transaction so that change, event and record commit or roll back together.
 */
export interface AuditedChange {
  actor: AuditActor;
  client?: ClientContext;
  alsoInTransaction?: (tx: Db) => Promise<void>;
}

export interface AuditEventView {
  id: string;
  type: string;
  at: number;
  ip: string | null;
  userAgent: string | null;
  sessionId: string | null;
  actor: string;
  details: unknown;
}

/** Rows per query of a trail download. */
const TRAIL_PAGE = 500;

/** Writes security events (in the caller's transaction when given one) and reads a user's own trail. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  record(entry: AuditEntry, db?: Db): Promise<void> {
    return this.audit.insert(
      {
        userId: entry.userId,
        type: entry.type,
        actor: entry.actor ?? 'user',
        ip: entry.client?.ip ?? null,
        userAgent: entry.client?.userAgent ?? null,
        sessionId: entry.sessionId ?? entry.client?.sessionId ?? null,
        details: entry.details ?? {},
      },
      db,
    );
  }

  /**
   * The trail newest first (before `before`, at most `limit` events), read 500 rows at a time so a
   * download of a long trail never holds it whole.
   */
  async *trail(userId: number, options: { before?: string; limit?: number } = {}): AsyncGenerator<AuditEventView> {
    let before = options.before;
    let left = options.limit ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      const { events, nextBefore } = await this.page(userId, Math.min(TRAIL_PAGE, left), before);
      for (const event of events) yield event;
      left -= events.length;
      if (nextBefore === null) return;
      before = nextBefore;
    }
  }

  async page(userId: number, limit: number, before?: string): Promise<{ events: AuditEventView[]; nextBefore: string | null }> {
    const rows = await this.audit.findPage(userId, limit + 1, before !== undefined ? BigInt(before) : undefined);
    const events = rows.slice(0, limit).map(toView);
    return { events, nextBefore: rows.length > limit ? events[events.length - 1].id : null };
  }
}

function toView(row: AuditRow): AuditEventView {
  return {
    id: row.id.toString(),
    type: row.type,
    at: row.at.getTime(),
    ip: row.ip,
    userAgent: row.userAgent,
    sessionId: row.sessionId,
    actor: row.actor,
    details: row.details,
  };
}

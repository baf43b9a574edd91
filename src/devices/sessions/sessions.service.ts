import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiError, AuthUser, ClientContext } from '../../common';
import { Db, PrismaService } from '../../database';
import { EventBus } from '../../event-bus';
import { AuditEventType, AuditService } from '../../audit';
import { kindFromUserAgent, nameFromUserAgent, SessionKind } from './session-kind';
import { SessionRow, SessionsRepository } from './sessions.repository';
import { SessionsError } from './sessions.errors';

/** One entry of `GET /api/devices` (opsync-api.md §1); times are epoch ms. */
export interface DeviceView {
  id: string;
  name: string;
  kind: string;
  createdAt: number;
  lastSeenAt: number;
  lastIp: string | null;
  current: boolean;
}

/** What a new token must carry: its session (`sid`) and that session's generation (`gen`). */
export interface OpenedSession {
  sessionId: string;
  generation: number;
}

/** A revoked session's sockets are told not to reconnect (4003, accounts spec §9.3), on every instance. */
const SESSION_REVOKED_CLOSE = { code: 4003, reason: 'Session revoked' } as const;

/** lastSeenAt is written at most this often per session (opsync-api.md §1). */
export const LAST_SEEN_INTERVAL_MS = 60_000;

/**
 * Signed-in sessions: opened by every token issuance (auth calls in, inside its own transaction),
 * listed, renamed and revoked by their owner. Revoking commits the row, the audit event and the order
 * to close the session's sockets together, so every instance hears the order only once the token is dead.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly events: EventBus,
  ) {}

  async open(userId: number, client: ClientContext | undefined, db: Db, kind?: SessionKind): Promise<OpenedSession> {
    const sessionId = randomUUID();
    await this.sessions.create(
      {
        userId,
        id: sessionId,
        name: nameFromUserAgent(client),
        kind: kind ?? kindFromUserAgent(client?.userAgent ?? null),
        lastIp: client?.ip ?? null,
      },
      db,
    );
    return { sessionId, generation: 0 };
  }

  revokeAll(userId: number, db: Db): Promise<number> {
    return this.sessions.revokeAll(userId, db);
  }

  /** The session's next generation (rotation), or null when it is no longer active. */
  nextGeneration(userId: number, sessionId: string, db: Db): Promise<number | null> {
    return this.sessions.nextGeneration(userId, sessionId, db);
  }

  /** Called by the token check with the session's lastSeenAt: writes only when it is a minute old. */
  async seen(userId: number, sessionId: string, lastSeenAt: Date, ip: string | null): Promise<void> {
    if (Date.now() - lastSeenAt.getTime() >= LAST_SEEN_INTERVAL_MS) await this.sessions.touch(userId, sessionId, ip);
  }

  async list(user: AuthUser): Promise<{ devices: DeviceView[] }> {
    const rows = await this.sessions.listActive(user.userId);
    return { devices: rows.map((row) => toView(row, user)) };
  }

  async rename(user: AuthUser, id: string, name: string): Promise<DeviceView> {
    const row = await this.sessions.rename(user.userId, id, name);
    if (!row) throw new ApiError(SessionsError.DeviceNotFound);
    return toView(row, user);
  }

  /** `DELETE /api/devices/:id`: any active session of the caller's, the current one included. */
  async revoke(user: AuthUser, id: string, client: ClientContext): Promise<void> {
    const revoked = await this.revokeWithAudit(user.userId, id, AuditEventType.DeviceRevoked, client);
    if (!revoked) throw new ApiError(SessionsError.DeviceNotFound);
  }

  /** `DELETE /api/devices/current`: signs this session out. */
  async signOut(user: AuthUser, client: ClientContext): Promise<void> {
    if (user.sessionId === null) throw new ApiError(SessionsError.NoCurrentSession);
    // The guard has just seen the session active; a concurrent revocation makes this a no-op, already done.
    await this.revokeWithAudit(user.userId, user.sessionId, AuditEventType.TokenRevoked, client);
  }

  private revokeWithAudit(userId: number, sessionId: string, type: AuditEventType, client: ClientContext): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await this.sessions.revoke(userId, sessionId, tx))) return false;
      await this.audit.record({ userId, type, client, details: { session: sessionId } }, tx);
      await this.events.publish({ type: 'close_sockets', userId, sessionId, ...SESSION_REVOKED_CLOSE }, tx);
      return true;
    });
  }
}

function toView(row: SessionRow, user: AuthUser): DeviceView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    createdAt: row.createdAt.getTime(),
    lastSeenAt: row.lastSeenAt.getTime(),
    lastIp: row.lastIp,
    current: row.id === user.sessionId,
  };
}

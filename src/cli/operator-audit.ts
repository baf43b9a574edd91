import { AuditEventType } from '../audit/audit-event-types';
import { AuditService } from '../audit/audit.service';
import { Db } from '../database/prisma.service';

/** Records that an operator script acted (on one account, or on none for fleet-wide reports). */
export function recordOperatorAction(
  audit: AuditService,
  script: string,
  userId: number | null,
  details: Record<string, unknown> = {},
  db?: Db,
): Promise<void> {
  return audit.record({ userId, type: AuditEventType.OperatorAction, actor: 'operator', details: { script, ...details } }, db);
}

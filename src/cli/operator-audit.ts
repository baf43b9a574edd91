import { AuditEventType, AuditService } from '../audit';
import { Db } from '../database';

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

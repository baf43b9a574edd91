/** The audit trail (table audit_events): other modules record security events through AuditService. */
export { AuditEventType } from './audit-event-types';
export { AuditModule } from './audit.module';
export { AuditService } from './audit.service';
export type { AuditedChange } from './audit.service';

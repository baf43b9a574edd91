import { AuditEventView } from './audit.service';

const COLUMNS = ['id', 'type', 'at', 'ip', 'userAgent', 'sessionId', 'actor', 'details'] as const;

/** The header line of the audit trail's CSV download (opsync-api.md §8). */
export const AUDIT_CSV_HEADER = `${COLUMNS.join(',')}\r\n`;

/** One event as one CSV record (RFC 4180: CRLF, fields quoted when needed); `at` as ISO time, details as JSON. */
export function auditCsvLine(event: AuditEventView): string {
  const values: Record<(typeof COLUMNS)[number], string> = {
    id: event.id,
    type: event.type,
    at: new Date(event.at).toISOString(),
    ip: event.ip ?? '',
    userAgent: event.userAgent ?? '',
    sessionId: event.sessionId ?? '',
    actor: event.actor,
    details: JSON.stringify(event.details ?? {}),
  };
  return `${COLUMNS.map((column) => csvField(values[column])).join(',')}\r\n`;
}

/**
 * Quotes a field when it holds a comma, quote or line break. A field a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR first: the user agent is the client's to choose) is prefixed with an
 * apostrophe, which spreadsheets show as text (OWASP CSV injection).
 */
function csvField(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

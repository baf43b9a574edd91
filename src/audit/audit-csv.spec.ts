import { AUDIT_CSV_HEADER, auditCsvLine } from './audit-csv';
import { AuditEventView } from './audit.service';

const event = (overrides: Partial<AuditEventView> = {}): AuditEventView => ({
  id: '7',
  type: 'signed_in',
  at: Date.UTC(2026, 11, 3, 12, 0, 0),
  ip: '203.0.113.0/24',
  userAgent: 'Firefox',
  sessionId: null,
  actor: 'user',
  details: { method: 'passkey' },
  ...overrides,
});

describe('audit CSV', () => {
  it('has one header and one CRLF-terminated record per event, with ISO times and JSON details', () => {
    expect(AUDIT_CSV_HEADER).toBe('id,type,at,ip,userAgent,sessionId,actor,details\r\n');
    expect(auditCsvLine(event())).toBe('7,signed_in,2026-12-03T12:00:00.000Z,203.0.113.0/24,Firefox,,user,"{""method"":""passkey""}"\r\n');
  });

  it('quotes commas, quotes and line breaks, and leaves absent values empty', () => {
    const line = auditCsvLine(event({ userAgent: 'a, "b"\nc', ip: null, details: {} }));
    expect(line).toBe('7,signed_in,2026-12-03T12:00:00.000Z,,"a, ""b""\nc",,user,{}\r\n');
  });

  it.each(['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('renders %j as text, never as a formula', (agent) => {
    const field = auditCsvLine(event({ userAgent: agent })).split(',')[4];
    expect(field.replace(/^"/, '').startsWith(`'`)).toBe(true);
  });
});

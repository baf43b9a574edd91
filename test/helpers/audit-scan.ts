import type { PrismaService } from '../../src/database';

/** What must never be in an audit row (opsync-api.md §8): emailed tokens, access tokens, full email addresses. */
const EMAILED_TOKEN = /\b[0-9a-f]{64}\b/;
const ACCESS_TOKEN = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;
const EMAIL = /[\w.+*-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Why this row breaks the rule, or undefined: a masked address (`j***e@…`, `a*@…`) is allowed. */
function leakIn(text: string): string | undefined {
  if (EMAILED_TOKEN.test(text)) return 'an emailed token';
  if (ACCESS_TOKEN.test(text)) return 'an access token';
  const fullEmail = (text.match(EMAIL) ?? []).find((address) => !address.split('@')[0].includes('*'));
  return fullEmail && `the full email ${fullEmail}`;
}

/**
 * Reads every audit row of the test database and fails, naming the rows, if one holds a secret or a
 * full email. TestApp.close runs it before the database is dropped, so every row the suite writes
 * through a test app is checked.
 */
export async function assertAuditRowsClean(prisma: PrismaService): Promise<void> {
  const leaks: string[] = [];
  let afterId = 0n;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' }, take: 1_000 });
    for (const row of rows) {
      const text = JSON.stringify({ ...row, id: undefined, at: undefined });
      const leak = leakIn(text);
      if (leak) leaks.push(`audit event ${row.id} (${row.type}) holds ${leak}: ${text}`);
    }
    if (rows.length < 1_000) break;
    afterId = rows[rows.length - 1].id;
  }
  if (leaks.length > 0) throw new Error(`Audit rows must hold no secret and no full email (opsync-api.md §8):\n${leaks.join('\n')}`);
}

import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

interface ReceivedMail {
  to: string[];
  text: string;
}

export interface MailSink {
  /** Port of the plain-SMTP server on 127.0.0.1 (point SMTP_HOST/SMTP_PORT at it). */
  port: number;
  /**
   * The newest link `<origin><path>?token=…` mailed to `email` that was not returned before, waiting
   * for the mail to arrive. Handing out each link once keeps a test from reading a stale mail.
   */
  readLatestLink(email: string, path: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** A real SMTP server that keeps every message it receives, for the browser flow tests. */
export async function startMailSink(): Promise<MailSink> {
  const mails: ReceivedMail[] = [];
  const handedOut = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), text: messageText(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  const findLink = (email: string, path: string): string | undefined => {
    const pattern = new RegExp(`https?://[^\\s"'<>]+${escapeRegExp(path)}\\?token=[^\\s"'<>&]+`, 'g');
    for (const mail of [...mails].reverse()) {
      if (!mail.to.includes(email.toLowerCase())) continue;
      const link = [...mail.text.matchAll(pattern)].map((m) => m[0]).find((l) => !handedOut.has(l));
      if (link) return link;
    }
    return undefined;
  };

  return {
    port,
    async readLatestLink(email, path, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const link = findLink(email, path);
        if (link) {
          handedOut.add(link);
          return link;
        }
        if (Date.now() > deadline) throw new Error(`no new ${path} link mailed to ${email} within ${timeoutMs} ms (${mails.length} mails received)`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text of every text part of a MIME message (quoted-printable and base64 undone). */
export function messageText(raw: string): string {
  const [headers, body] = splitEntity(raw);
  const type = header(headers, 'content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .map((part) => messageText(part.replace(/^\r?\n/, '')))
      .join('\n');
  }
  const encoding = (header(headers, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

function splitEntity(entity: string): [string, string] {
  const end = /\r?\n\r?\n/.exec(entity);
  return end ? [entity.slice(0, end.index), entity.slice(end.index + end[0].length)] : [entity, ''];
}

function header(headers: string, name: string): string | undefined {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1].trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

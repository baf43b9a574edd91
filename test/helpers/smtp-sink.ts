import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitUntil } from './waiting';

/** One message as the sink received it, decoded enough to read its parts. */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/**
 * A real SMTP server on loopback (plain, no STARTTLS, no auth) that keeps every message it accepts,
 * for tests that read emails back. Point the app at it with `env()`. `rejecting = true` makes it
 * refuse recipients, so sends fail the way a broken mail server makes them fail.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  rejecting = false;
  port = 0;
  private readonly handedOut = new Set<string>();

  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (_address, _session, callback) => {
      callback(this.rejecting ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : null);
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.messages.push(
          parseMail(
            Buffer.concat(chunks).toString('utf8'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', () => resolve()));
    sink.port = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  /** The app's SMTP settings for this sink. */
  env(): Record<string, string> {
    return { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(this.port), SMTP_SECURE: 'false' };
  }

  /** Messages whose envelope includes the address (compared exactly). */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  /**
   * The newest `path?token=` link mailed to `address` that was not returned before, waiting for its mail
   * to arrive. Handing out each link once keeps a test from following a stale one.
   */
  async nextLink(address: string, path: string, timeoutMs = 15_000): Promise<string> {
    const fresh = () =>
      this.to(address)
        .map((mail) => findLink(mail, path)?.toString())
        .reverse()
        .find((link) => link !== undefined && !this.handedOut.has(link));
    const link = await waitUntil(fresh, `a new ${path} link mailed to ${address} (${this.messages.length} mails received)`, timeoutMs);
    this.handedOut.add(link);
    return link;
  }

  clear(): void {
    this.messages.length = 0;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function findLink(mail: ReceivedMail, path: string): URL | undefined {
  const match = mail.text.match(new RegExp(`https?://\\S*${path.replace(/[/.]/g, '\\$&')}\\?token=\\S+`));
  return match ? new URL(match[0]) : undefined;
}

/** The first link in the mail's text part whose URL contains `path?token=`. */
export function linkIn(mail: ReceivedMail, path: string): URL {
  const link = findLink(mail, path);
  if (!link) throw new Error(`No ${path} link in mail "${mail.subject}":\n${mail.text}`);
  return link;
}

/** The token of the first `path?token=` link in the mail. */
export function tokenIn(mail: ReceivedMail, path: string): string {
  return linkIn(mail, path).searchParams.get('token')!;
}

// --- minimal MIME reading: enough for nodemailer's text/html messages -------------------------

interface Part {
  headers: Record<string, string>;
  body: string;
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const root = parsePart(raw);
  const leaves = flatten(root);
  const find = (type: string) => leaves.find((p) => (p.headers['content-type'] ?? 'text/plain').startsWith(type));
  const text = find('text/plain');
  const html = find('text/html');
  return { to, subject: root.headers.subject ?? '', text: text ? decodeBody(text) : '', html: html ? decodeBody(html) : '', raw };
}

function parsePart(raw: string): Part {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function flatten(part: Part): Part[] {
  const type = part.headers['content-type'] ?? '';
  const boundary = type.match(/boundary="?([^";]+)"?/i)?.[1];
  if (!type.startsWith('multipart/') || !boundary) return [part];
  const sections = part.body.split(`--${boundary}`).slice(1);
  return sections.filter((s) => !s.startsWith('--')).flatMap((s) => flatten(parsePart(s.replace(/^\r?\n/, ''))));
}

function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = part.body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return part.body;
}

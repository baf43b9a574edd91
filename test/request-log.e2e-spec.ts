import { LogLevel } from '@nestjs/common';
import { AppLogger } from '../src/logging/app-logger';
import { ProbeController } from './helpers/probe.controller';
import { createTestApp, TestApp } from './helpers/test-app';
import { waitUntil } from './helpers/waiting';

/** The production logger (text format), with what it prints collected instead of written out. */
class CapturingLogger extends AppLogger {
  readonly lines: string[] = [];
  constructor() {
    super('text', 'info');
  }
  protected override printMessages(messages: unknown[], context = '', logLevel: LogLevel = 'log'): void {
    for (const message of messages) this.lines.push(this.formatMessage(logLevel, message, '', logLevel, context, '').trim());
  }
}

describe('request logging', () => {
  // The line is written on the response's 'finish' event, which can come just after the client has the response.
  const lineContaining = (text: string) => waitUntil(() => logger.lines.find((l) => l.includes(text)), `a log line containing ${text}`);
  let t: TestApp;
  const logger = new CapturingLogger();
  beforeAll(async () => {
    t = await createTestApp({ controllers: [ProbeController], logger });
  });
  afterAll(() => t.close());

  it('writes one line per request: method, path without query, status, duration, correlation id', async () => {
    const res = await t.http().get('/health?token=very-secret-token').set('User-Agent', 'probe');
    const id = res.headers['x-request-id'];
    const line = await lineContaining(id);
    expect(line).toMatch(new RegExp(`GET /health 200 \\d+\\.\\dms \\[${id}\\]$`));
    expect(logger.lines.join('\n')).not.toContain('very-secret-token');
  });

  it('never logs bodies or tokens, also for failing requests', async () => {
    await t.http().post('/probe/echo').send({ name: 'secret-body-value-xyz' });
    const last = await t.http().get('/probe/me').set('Authorization', 'Bearer secret-token-abc');
    await lineContaining(last.headers['x-request-id']);
    const all = logger.lines.join('\n');
    expect(all).not.toContain('secret-body-value-xyz');
    expect(all).not.toContain('secret-token-abc');
    expect(all).toMatch(/POST \/probe\/echo 400/);
    expect(all).toMatch(/GET \/probe\/me 401/);
  });
});

import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { projectPath } from '../../src/database';

/** One JWT secret for every instance of a run: a token issued by one is accepted by the others. */
const JWT_SECRET = randomBytes(32).toString('hex');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function procStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(line.split(/\s+/)[1]);
}

/**
 * The server as a user starts it (`node dist/src/main.js`), in its own process, so its CPU profile and
 * its memory are its own and not the load generator's. Rate limits are off (TEST_MODE) and E2EE is not
 * required (the restore workload replays plaintext ops).
 */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {}

  static async start(databaseUrl: string, options: { cpuProfileDir?: string } = {}): Promise<ServerProcess> {
    const port = await freePort();
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const child = spawn(process.execPath, [...profile, projectPath('dist/src/main.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        JWT_SECRET,
        TEST_MODE: 'true',
        TEST_MODE_CONFIRM: 'yes-i-understand-the-risks',
        E2EE_REQUIRED: 'false',
        LOG_LEVEL: 'warn',
        CORS_ENABLED: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    await server.waitHealthy();
    return server;
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited with code ${this.child.exitCode} during start-up`);
      const ok = await fetch(`${this.baseUrl}/health`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('server did not become healthy within 60 s');
  }

  /** Resident set size now, in bytes. */
  rssBytes(): number {
    return procStatusKb(this.child.pid!, 'VmRSS') * 1024;
  }

  /** Peak resident set size since the last resetPeak(), in bytes. */
  peakRssBytes(): number {
    return procStatusKb(this.child.pid!, 'VmHWM') * 1024;
  }

  /** Resets the kernel's peak RSS mark of the process (writing 5 to clear_refs, Linux ≥ 4.0). */
  resetPeak(): void {
    fs.writeFileSync(`/proc/${this.child.pid}/clear_refs`, '5');
  }

  /** SIGTERM and wait: the server closes cleanly, which is also when a CPU profile is written. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

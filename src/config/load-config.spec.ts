import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { originAllowed } from './cors-origins';
import { ConfigError, loadConfig } from './load-config';

const SECRET = 'a-perfectly-random-secret-of-sufficient-length';
const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'opsync-config-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('fills the documented defaults', () => {
    const config = loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      port: 1900,
      host: '0.0.0.0',
      nodeEnv: 'development',
      publicUrl: 'http://localhost:1900',
      trustProxy: false,
      e2eeRequired: true,
      testMode: false,
      privacy: null,
      defaultStorageQuotaBytes: 104_857_600,
      storeMaxBytes: 10_485_760,
      webauthn: { rpId: 'localhost', rpName: 'localhost', origin: 'http://localhost:1900' },
      smtp: { port: 587, secure: false },
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('A-1 refuses a JWT_SECRET shorter than 32 characters, and a missing one in production', () => {
    expect(problemsOf({ JWT_SECRET: 'short' })).toEqual(['JWT_SECRET must be at least 32 characters long']);
    expect(problemsOf({ NODE_ENV: 'production', PUBLIC_URL: 'https://s.example.com' })).toEqual([
      'JWT_SECRET is required in production (at least 32 random characters)',
    ]);
  });

  it('refuses a placeholder JWT_SECRET in production', () => {
    expect(
      problemsOf({ NODE_ENV: 'production', PUBLIC_URL: 'https://s.example.com', JWT_SECRET: 'change-me-to-a-random-string-of-32-chars' }),
    ).toEqual(['JWT_SECRET is a placeholder; set a random value of at least 32 characters']);
  });

  it('outside production generates a JWT secret once and keeps it under DATA_DIR', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(first);
    expect(fs.statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('A-2 refuses an http PUBLIC_URL, CORS * and TEST_MODE in production, all reported at once', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      PUBLIC_URL: 'http://s.example.com',
      CORS_ORIGINS: '*',
      TEST_MODE: 'true',
      TEST_MODE_CONFIRM: 'yes-i-understand-the-risks',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PUBLIC_URL must be https:// in production',
        'CORS_ORIGINS=* is refused in production',
        'TEST_MODE is refused in production',
      ]),
    );
  });

  it('A-3 refuses a partial set of the five PRIVACY_* controller variables', () => {
    expect(problemsOf({ JWT_SECRET: SECRET, PRIVACY_CONTACT_NAME: 'Jane', PRIVACY_CONTACT_EMAIL: 'jane@example.com' })).toEqual([
      'PRIVACY_* is set only in part; also set PRIVACY_ADDRESS_STREET, PRIVACY_ADDRESS_CITY, PRIVACY_ADDRESS_COUNTRY (or none of the five)',
    ]);
    const full = loadConfig({
      JWT_SECRET: SECRET,
      DATA_DIR: dataDir(),
      PRIVACY_CONTACT_NAME: 'Jane',
      PRIVACY_ADDRESS_STREET: '1 Road',
      PRIVACY_ADDRESS_CITY: 'Town',
      PRIVACY_ADDRESS_COUNTRY: 'Land',
      PRIVACY_CONTACT_EMAIL: 'jane@example.com',
    });
    expect(full.privacy).toMatchObject({ contactName: 'Jane', city: 'Town' });
  });

  it('TEST_MODE needs its confirmation value', () => {
    expect(problemsOf({ JWT_SECRET: SECRET, TEST_MODE: 'true' })).toEqual([
      'TEST_MODE=true also needs TEST_MODE_CONFIRM=yes-i-understand-the-risks',
    ]);
  });

  it('reports malformed values by name', () => {
    const problems = problemsOf({
      JWT_SECRET: SECRET,
      PORT: '0',
      HOST: 'http://x/',
      DATABASE_URL: 'mysql://x',
      LOG_FORMAT: 'xml',
      CORS_ENABLED: 'maybe',
    });
    expect(problems).toHaveLength(5);
    for (const name of ['PORT', 'HOST', 'DATABASE_URL', 'LOG_FORMAT', 'CORS_ENABLED']) expect(problems.join('\n')).toContain(name);
  });

  describe('METRICS_TOKEN and METRICS_PORT (opsync-api.md §11)', () => {
    it('leave /metrics unserved by default', () => {
      expect(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir() }).metrics).toEqual({ token: undefined, port: undefined });
    });

    it('are read as a token and a port', () => {
      const config = loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir(), METRICS_TOKEN: SECRET, METRICS_PORT: '9464' });
      expect(config.metrics).toEqual({ token: SECRET, port: 9464 });
    });

    it('refuse a token shorter than 32 characters (the route is not rate-limited), a bad port, and the main port', () => {
      expect(problemsOf({ JWT_SECRET: SECRET, METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 32 characters long']);
      expect(problemsOf({ JWT_SECRET: SECRET, METRICS_PORT: '65536' }).join('\n')).toContain('METRICS_PORT');
      expect(problemsOf({ JWT_SECRET: SECRET, METRICS_PORT: 'x' }).join('\n')).toContain('METRICS_PORT');
      expect(problemsOf({ JWT_SECRET: SECRET, PORT: '9464', METRICS_PORT: '9464' })).toEqual(['METRICS_PORT must differ from PORT']);
    });
  });

  it('strips a trailing slash from PUBLIC_URL and lower-cases ALLOWED_EMAILS', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      DATA_DIR: dataDir(),
      PUBLIC_URL: 'https://s.example.com/',
      ALLOWED_EMAILS: ' A@Example.com, *@Corp.ORG ,,',
    });
    expect(config.publicUrl).toBe('https://s.example.com');
    expect(config.allowedEmails).toEqual(['a@example.com', '*@corp.org']);
  });

  describe('CORS_ORIGINS (accounts spec §7.5)', () => {
    const rulesOf = (value: string) => loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir(), CORS_ORIGINS: value }).cors.origins;

    it('A-49 a wildcard matches exactly one label', () => {
      const rules = rulesOf('https://*.example.com');
      expect(originAllowed('https://a-1.example.com', rules)).toBe(true);
      expect(originAllowed('https://A-1.EXAMPLE.com', rules)).toBe(true);
      expect(originAllowed('https://a.b.example.com', rules)).toBe(false);
      expect(originAllowed('https://evil.com.example.com', rules)).toBe(false);
      expect(originAllowed('https://example.com', rules)).toBe(false);
      expect(originAllowed('http://a.example.com', rules)).toBe(false);
    });

    it('refuses more than one * or a * elsewhere', () => {
      expect(problemsOf({ JWT_SECRET: SECRET, CORS_ORIGINS: 'https://*.*.example.com' })).toHaveLength(1);
      expect(problemsOf({ JWT_SECRET: SECRET, CORS_ORIGINS: 'https://app.*.com' })).toHaveLength(1);
    });

    it('defaults to the Super Productivity web app and can be disabled', () => {
      expect(originAllowed('https://app.super-productivity.com', rulesOf('https://app.super-productivity.com'))).toBe(true);
      expect(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: dataDir(), CORS_ENABLED: 'false' }).cors.enabled).toBe(false);
    });
  });
});

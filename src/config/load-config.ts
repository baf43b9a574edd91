import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import path from 'node:path';
import { AppConfig, PrivacyConfig, TurnstileConfig } from './app-config';
import { parseCorsOrigins } from './cors-origins';
import { developmentJwtSecret } from './development-jwt-secret';
import { Env } from './env';

export const TEST_MODE_CONFIRMATION = 'yes-i-understand-the-risks';
const DEFAULT_CORS_ORIGINS = 'https://app.super-productivity.com';
const DEFAULT_SMTP_FROM = '"OpSync" <noreply@example.com>';
const CLOUDFLARE_SITEVERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
const PRIVACY_CONTROLLER_VARS = [
  'PRIVACY_CONTACT_NAME',
  'PRIVACY_ADDRESS_STREET',
  'PRIVACY_ADDRESS_CITY',
  'PRIVACY_ADDRESS_COUNTRY',
  'PRIVACY_CONTACT_EMAIL',
] as const;
/** Values that .env.example and tutorials put in JWT_SECRET; never acceptable in production. */
const PLACEHOLDER_SECRET = /change[-_ ]?me|replace[-_ ]?me|your[-_ ]?(jwt[-_ ]?)?secret|^x+$|^(secret|example)/i;

/** Start-up refused: every problem found, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type RawEnv = Record<string, string | undefined>;

/** Validates the environment once and returns the typed config, or throws ConfigError listing every problem. */
export function loadConfig(raw: RawEnv = process.env): AppConfig {
  // Blank values count as unset, as in most .env tooling.
  const present: RawEnv = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const env = plainToInstance(Env, present, { enableImplicitConversion: false });
  const problems = validateSync(env, { skipMissingProperties: false }).flatMap(describe);

  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  const production = nodeEnv === 'production';
  const port = env.PORT ?? 1900;
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const testMode = env.TEST_MODE === 'true';

  if (production && publicUrl.startsWith('http://')) problems.push('PUBLIC_URL must be https:// in production');
  if (testMode && env.TEST_MODE_CONFIRM !== TEST_MODE_CONFIRMATION) {
    problems.push(`TEST_MODE=true also needs TEST_MODE_CONFIRM=${TEST_MODE_CONFIRMATION}`);
  }
  if (testMode && production) problems.push('TEST_MODE is refused in production');
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT === port) problems.push('METRICS_PORT must differ from PORT');

  const jwtSecret = resolveJwtSecret(env.JWT_SECRET, production, dataDir, problems);
  const cors = parseCorsOrigins(env.CORS_ORIGINS ?? DEFAULT_CORS_ORIGINS, production);
  problems.push(...cors.problems);
  const privacy = privacyConfig(present, problems);
  const smtpPort = env.SMTP_PORT ?? 587;
  const turnstile = turnstileConfig(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);

  return new AppConfig({
    nodeEnv,
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL,
    dataDir,
    jwtSecret,
    publicUrl,
    cors: { enabled: env.CORS_ENABLED !== undefined ? env.CORS_ENABLED === 'true' : true, origins: cors.rules },
    trustProxy: parseTrustProxy(env.TRUST_PROXY ?? 'false'),
    smtp: {
      host: env.SMTP_HOST,
      port: smtpPort,
      secure: env.SMTP_SECURE !== undefined ? env.SMTP_SECURE === 'true' : smtpPort === 465,
      user: env.SMTP_USER,
      pass: env.SMTP_PASS,
      from: env.SMTP_FROM ?? DEFAULT_SMTP_FROM,
    },
    redisUrl: env.REDIS_URL,
    logFormat: (env.LOG_FORMAT ?? (production ? 'json' : 'text')) as AppConfig['logFormat'],
    logLevel: (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'],
    webauthn: {
      rpId: env.WEBAUTHN_RP_ID ?? 'localhost',
      rpName: env.WEBAUTHN_RP_NAME ?? env.WEBAUTHN_RP_ID ?? 'localhost',
      origin: env.WEBAUTHN_ORIGIN ?? 'http://localhost:1900',
    },
    allowedEmails: (env.ALLOWED_EMAILS ?? '')
      .split(',')
      .map((r) => r.trim().toLowerCase())
      .filter(Boolean),
    privacy,
    testMode,
    defaultStorageQuotaBytes: env.SUPERSYNC_DEFAULT_STORAGE_QUOTA_BYTES ?? 104_857_600,
    storeMaxBytes: env.STORE_MAX_BYTES ?? 10 * 1024 * 1024,
    e2eeRequired: env.E2EE_REQUIRED !== 'false',
    oldOpsCleanup: {
      batchSize: env.OLD_OPS_CLEANUP_DELETE_BATCH_SIZE ?? 5_000,
      maxDeletedPerRun: env.OLD_OPS_CLEANUP_MAX_DELETED_PER_RUN ?? 25_000,
    },
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT },
    turnstile,
    // A quarter of the compose file's 768 MiB container: 96 signed-in bombs measured ~1.5x the budget in peak
    // growth (GC lags behind the freed chunks) on a ~220 MiB process, which keeps the peak near 500 MiB.
    bodyBudgetBytes: (env.BODY_BUDGET_MB ?? 192) * 1024 * 1024,
  } as AppConfig);
}

function describe(error: ValidationError): string[] {
  return Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message : `${error.property}: ${message}`,
  );
}

function resolveJwtSecret(secret: string | undefined, production: boolean, dataDir: string, problems: string[]): string {
  if (secret !== undefined) {
    if (production && PLACEHOLDER_SECRET.test(secret))
      problems.push('JWT_SECRET is a placeholder; set a random value of at least 32 characters');
    return secret;
  }
  if (production) {
    problems.push('JWT_SECRET is required in production (at least 32 random characters)');
    return '';
  }
  // Development: a random secret kept under DATA_DIR, so tokens survive a restart.
  return developmentJwtSecret(dataDir);
}

function turnstileConfig(env: Env, problems: string[]): TurnstileConfig | null {
  if (env.TURNSTILE_SECRET === undefined) {
    if (env.TURNSTILE_SITE_KEY !== undefined) problems.push('TURNSTILE_SITE_KEY is set without TURNSTILE_SECRET (set both, or neither)');
    return null;
  }
  if (env.TURNSTILE_SITE_KEY === undefined) {
    problems.push('TURNSTILE_SECRET also needs TURNSTILE_SITE_KEY: the register form cannot show the widget without it');
    return null;
  }
  return { secret: env.TURNSTILE_SECRET, siteKey: env.TURNSTILE_SITE_KEY, verifyUrl: env.TURNSTILE_VERIFY_URL ?? CLOUDFLARE_SITEVERIFY };
}

function privacyConfig(env: RawEnv, problems: string[]): PrivacyConfig | null {
  const missing = PRIVACY_CONTROLLER_VARS.filter((name) => env[name] === undefined);
  if (missing.length === PRIVACY_CONTROLLER_VARS.length) return null;
  if (missing.length > 0) {
    problems.push(`PRIVACY_* is set only in part; also set ${missing.join(', ')} (or none of the five)`);
    return null;
  }
  return {
    contactName: env.PRIVACY_CONTACT_NAME!,
    street: env.PRIVACY_ADDRESS_STREET!,
    city: env.PRIVACY_ADDRESS_CITY!,
    country: env.PRIVACY_ADDRESS_COUNTRY!,
    contactEmail: env.PRIVACY_CONTACT_EMAIL!,
    hostingProvider: env.PRIVACY_HOSTING_PROVIDER,
    supervisoryAuthority: env.PRIVACY_SUPERVISORY_AUTHORITY,
    dataRegion: env.PRIVACY_DATA_REGION,
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

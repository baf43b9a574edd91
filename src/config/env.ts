import { IsBooleanString, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';

/**
 * The environment variables OpSync reads, as they arrive (strings), with the rules a single value
 * must satisfy. Rules that relate several variables live in load-config.ts. `.env.example` lists
 * every variable with its default; keep the two in step (a unit test compares them).
 */
export class Env {
  @IsOptional()
  @IsIn(['production', 'development', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT?: number;

  /** Bind address: a host name or IP literal, nothing with a scheme, path or blank. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.:_-]+$/, { message: 'HOST must be a bare host name or IP address (no scheme, path or spaces)' })
  HOST?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PUBLIC_URL must start with http:// or https://' })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsBooleanString()
  CORS_ENABLED?: string;

  /** Express "trust proxy": false, true, a hop count, or a comma list of addresses/subnets. */
  @IsOptional()
  @Matches(/^(true|false|\d+|[0-9A-Fa-f.:/, ]+|loopback|linklocal|uniquelocal)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count or a list of proxy addresses',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT?: number;

  @IsOptional()
  @IsBooleanString()
  SMTP_SECURE?: string;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASS?: string;

  @IsOptional()
  @IsString()
  SMTP_FROM?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @IsIn(['json', 'text'])
  LOG_FORMAT?: string;

  @IsOptional()
  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+$/, { message: 'WEBAUTHN_RP_ID must be a bare host name (no scheme or port)' })
  WEBAUTHN_RP_ID?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  WEBAUTHN_RP_NAME?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+$/, { message: 'WEBAUTHN_ORIGIN must be scheme://host[:port] with no path' })
  WEBAUTHN_ORIGIN?: string;

  @IsOptional()
  @IsString()
  ALLOWED_EMAILS?: string;

  @IsOptional() @IsString() PRIVACY_CONTACT_NAME?: string;
  @IsOptional() @IsString() PRIVACY_ADDRESS_STREET?: string;
  @IsOptional() @IsString() PRIVACY_ADDRESS_CITY?: string;
  @IsOptional() @IsString() PRIVACY_ADDRESS_COUNTRY?: string;
  @IsOptional() @IsEmail({}, { message: 'PRIVACY_CONTACT_EMAIL must be an email address' }) PRIVACY_CONTACT_EMAIL?: string;
  @IsOptional() @IsString() PRIVACY_HOSTING_PROVIDER?: string;
  @IsOptional() @IsString() PRIVACY_SUPERVISORY_AUTHORITY?: string;
  @IsOptional() @IsString() PRIVACY_DATA_REGION?: string;

  @IsOptional()
  @IsBooleanString()
  TEST_MODE?: string;

  @IsOptional()
  @IsString()
  TEST_MODE_CONFIRM?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SUPERSYNC_DEFAULT_STORAGE_QUOTA_BYTES?: number;

  /** Largest decoded `data` of a blob store (opsync-api.md §3). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  STORE_MAX_BYTES?: number;

  /** false allows plaintext sync payloads (then server-side restore by replay works). */
  @IsOptional()
  @IsBooleanString()
  E2EE_REQUIRED?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50_000)
  OLD_OPS_CLEANUP_DELETE_BATCH_SIZE?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  OLD_OPS_CLEANUP_MAX_DELETED_PER_RUN?: number;

  /** Bearer token of GET /metrics; that route is not rate-limited, so the token must be unguessable. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters long' })
  METRICS_TOKEN?: string;

  /** Port of a second listener on 127.0.0.1 serving only /metrics, without a token; 0 lets the OS choose one. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /** Cloudflare Turnstile secret (opsync-api.md §10): set, registration needs a verified turnstileToken. */
  @IsOptional()
  @IsString()
  TURNSTILE_SECRET?: string;

  /** The widget's public site key, shown on the register form; required with TURNSTILE_SECRET. */
  @IsOptional()
  @IsString()
  TURNSTILE_SITE_KEY?: string;

  /** Where tokens are verified; Cloudflare's siteverify unless set (tests point it at a local stub). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'TURNSTILE_VERIFY_URL must be an http(s) URL' })
  TURNSTILE_VERIFY_URL?: string;
  /** Bytes of request bodies buffered or inflated at once, process-wide, in MiB; past it a new body gets 503. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(16)
  @Max(65_536)
  BODY_BUDGET_MB?: number;
}

/** Names of every variable above, read from the validation metadata so the list cannot drift. */
export function envNames(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(Env, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

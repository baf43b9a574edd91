/** A CORS allow-list entry: an exact origin, or one wildcard label (`https://*.example.com`). */
export type OriginRule = { kind: 'exact'; origin: string } | { kind: 'subdomain'; pattern: RegExp } | { kind: 'any' };

export interface SmtpConfig {
  host?: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

export interface TurnstileConfig {
  secret: string;
  siteKey: string;
  verifyUrl: string;
}

export interface PrivacyConfig {
  contactName: string;
  street: string;
  city: string;
  country: string;
  contactEmail: string;
  hostingProvider?: string;
  supervisoryAuthority?: string;
  dataRegion?: string;
}

/**
 * The validated, typed configuration. Built once by loadConfig(); injected everywhere as this class.
 * Nothing outside src/config reads process.env.
 */
export class AppConfig {
  readonly nodeEnv!: 'production' | 'development' | 'test';
  readonly port!: number;
  readonly host!: string;
  /** Undefined means: start the embedded PostgreSQL (main.ts resolves it before the app is built). */
  readonly databaseUrl?: string;
  readonly dataDir!: string;
  readonly jwtSecret!: string;
  readonly publicUrl!: string;
  readonly cors!: { enabled: boolean; origins: OriginRule[] };
  readonly trustProxy!: boolean | number | string;
  readonly smtp!: SmtpConfig;
  readonly redisUrl?: string;
  readonly logFormat!: 'json' | 'text';
  readonly logLevel!: 'debug' | 'info' | 'warn' | 'error';
  readonly webauthn!: { rpId: string; rpName: string; origin: string };
  /** Lower-cased rules: full addresses or `*@domain`. Empty = open registration. */
  readonly allowedEmails!: string[];
  /** Set iff all five PRIVACY_* controller variables are; then consent is required at registration. */
  readonly privacy!: PrivacyConfig | null;
  readonly testMode!: boolean;
  readonly defaultStorageQuotaBytes!: number;
  /** Largest decoded data of a blob store, in bytes. */
  readonly storeMaxBytes!: number;
  readonly e2eeRequired!: boolean;
  readonly oldOpsCleanup!: { batchSize: number; maxDeletedPerRun: number };
  /** GET /metrics: on the main port with this Bearer token, and/or on a 127.0.0.1 listener on this port. Neither: not served. */
  readonly metrics!: { token?: string; port?: number };
  /** Bot protection at registration (opsync-api.md §10); null: off, nothing changes. */
  readonly turnstile!: TurnstileConfig | null;
  /** Bytes of request bodies being read, inflated or held parsed at once, over all requests (BODY_BUDGET_MB). */
  readonly bodyBudgetBytes!: number;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** Same config with some values replaced (tests, the embedded database URL). */
  with(overrides: Partial<AppConfig>): AppConfig {
    return new AppConfig({ ...this, ...overrides } as AppConfig);
  }
}

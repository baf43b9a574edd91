const MiB = 1024 * 1024;

export interface BodyLimits {
  /** Bytes on the wire (plain JSON or binary gzip). */
  raw: number;
  /** Bytes on the wire when the body is base64 text of gzip (native mobile clients). */
  rawBase64: number;
  /** Gzip bytes after base64 decoding. */
  compressed: number;
  /** JSON bytes after inflating. */
  inflated: number;
}

/** Base64 envelope of n bytes plus the client's slack of 4 (protocol spec §1.3). */
const base64Of = (bytes: number) => Math.ceil(bytes / 3) * 4 + 4;

const DEFAULT_LIMITS: BodyLimits = { raw: 20 * MiB, rawBase64: base64Of(20 * MiB), compressed: 20 * MiB, inflated: 20 * MiB };

/** Per-route body limits of protocol spec §1.3; every other route behind a token gets 20 MiB. */
const ROUTE_LIMITS: Record<string, BodyLimits> = {
  'POST /api/sync/ops': { raw: 10 * MiB, rawBase64: 13_981_020, compressed: 10 * MiB, inflated: 30 * MiB },
  'POST /api/sync/snapshot': { raw: 30 * MiB, rawBase64: 41_943_044, compressed: 30 * MiB, inflated: 60 * MiB },
};

/**
 * Routes open without a token (sign-in, registration, magic links, pages) carry a few fields: a stranger
 * must not be able to make the server read or inflate more than this.
 */
const PUBLIC_LIMIT = 64 * 1024;
const PUBLIC_LIMITS: BodyLimits = {
  raw: PUBLIC_LIMIT,
  rawBase64: base64Of(PUBLIC_LIMIT),
  compressed: PUBLIC_LIMIT,
  inflated: PUBLIC_LIMIT,
};

export function bodyLimitsFor(method: string, path: string, isPublic: boolean): BodyLimits {
  if (isPublic) return PUBLIC_LIMITS;
  return ROUTE_LIMITS[`${method} ${path.replace(/\/+$/, '')}`] ?? DEFAULT_LIMITS;
}

/** Routes whose handler reads the body itself as a stream (account import, opsync-api.md §11): the body reader leaves them alone. */
const STREAMED_BODY_ROUTES = new Set(['POST /api/account/import']);

export function readsOwnBody(method: string, path: string): boolean {
  return STREAMED_BODY_ROUTES.has(`${method} ${path.replace(/\/+$/, '')}`);
}

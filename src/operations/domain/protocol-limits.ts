/** Numeric limits of the SuperSync protocol (reference values of the spec), in one place. */

const MiB = 1024 * 1024;

export const MAX_OPS_PER_UPLOAD = 100;
/** Op ids, entity ids and vector clock keys. */
export const MAX_ID_LENGTH = 255;
export const MAX_ENTITY_IDS = 1000;
/** UTF-8 bytes of one op's JSON-encoded payload (or a snapshot's state). */
export const MAX_PAYLOAD_BYTES = 20 * MiB;
/** Payload complexity (§4.2 #15): nesting depth and keys + array items. Full-state ops carry a whole app state. */
export const PAYLOAD_COMPLEXITY = {
  regular: { depth: 20, nodes: 20_000 },
  fullState: { depth: 50, nodes: 500_000 },
} as const;

export const MAX_CLOCK_ENTRIES = 50;
/** Clocks are stored pruned to this many entries (§2.5, §4.6). */
export const MAX_STORED_CLOCK_ENTRIES = 20;
export const MAX_CLOCK_COUNTER = 100_000_000;

/** Timestamps further in the future than this are clamped to receivedAt + this (§4.1). */
export const FUTURE_TIMESTAMP_TOLERANCE_MS = 60_000;

export const DOWNLOAD_DEFAULT_LIMIT = 500;
export const DOWNLOAD_MAX_LIMIT = 1000;
export const PIGGYBACK_LIMIT = 500;

/** How long an upload's answer is replayed for a repeated requestId (§4.4). */
export const REQUEST_DEDUP_TTL_MS = 5 * 60_000;

/** Second rate-limit layer of POST /api/sync/ops: per authenticated user (§1.5). */
export const USER_UPLOAD_RATE = { limit: 100, windowMs: 60_000 } as const;

/** History and device retention of the daily job (§4.13). */
export const RETENTION_MS = 45 * 24 * 60 * 60_000;

/** Restore-by-replay bounds (§3.7, §4.11). */
export const MAX_REPLAY_OPS = 100_000;
export const MAX_REPLAY_STATE_BYTES = 100 * MiB;

/** Auto-cleanup rounds per quota failure (§4.12). */
export const MAX_QUOTA_CLEANUP_ROUNDS = 50;

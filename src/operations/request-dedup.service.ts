import { Injectable } from '@nestjs/common';
import { Db } from '../database';
import { canonicalJson, sha256Hex } from './domain/canonical-json';
import { REQUEST_DEDUP_TTL_MS } from './domain/protocol-limits';
import { DedupKey, DedupNamespace, RequestDedupRepository } from './persistence/request-dedup.repository';

/** Stands for any ciphertext in a fingerprint: a retry re-encrypts with a fresh IV (§4.4). */
const CIPHERTEXT_PLACEHOLDER = '<encrypted>';

/**
 * Request de-duplication by requestId (§4.4), in PostgreSQL so every instance sees it: an answer is
 * replayed for 5 minutes to a request with the same fingerprint.
 */
@Injectable()
export class RequestDedupService {
  constructor(private readonly dedup: RequestDedupRepository) {}

  /** The cache key of a request, or undefined when it carries no requestId (then nothing is cached). */
  static key(userId: number, namespace: DedupNamespace, requestId: string | undefined, fingerprint: () => string): DedupKey | undefined {
    return requestId === undefined ? undefined : { userId, namespace, requestId, fingerprint: fingerprint() };
  }

  /** Ops: SHA-256 of canonical `{clientId, ops}`, encrypted payloads replaced by a placeholder. */
  static opsFingerprint(clientId: string, ops: readonly { isPayloadEncrypted?: boolean; payload?: unknown }[]): string {
    const masked = ops.map((op) => (op.isPayloadEncrypted === true ? { ...op, payload: CIPHERTEXT_PLACEHOLDER } : op));
    return sha256Hex(canonicalJson({ clientId, ops: masked }));
  }

  /** Snapshot: every field but requestId, encrypted state masked, isCleanSlate as the effective value. */
  static snapshotFingerprint(body: Record<string, unknown>, effectiveCleanSlate: boolean): string {
    const { requestId: _requestId, ...fields } = body;
    const state = fields.isPayloadEncrypted === true ? CIPHERTEXT_PLACEHOLDER : fields.state;
    return sha256Hex(canonicalJson({ ...fields, state, isCleanSlate: effectiveCleanSlate }));
  }

  find<T>(key: DedupKey): Promise<T | undefined> {
    return this.dedup.find(key, REQUEST_DEDUP_TTL_MS) as Promise<T | undefined>;
  }

  save(key: DedupKey, response: unknown, db: Db): Promise<void> {
    return this.dedup.save(key, response, db);
  }

  /** Drops every cached answer of a user (clean slate, DELETE /api/sync/data). */
  forgetUser(userId: number, db: Db): Promise<void> {
    return this.dedup.deleteForUser(userId, db);
  }

  purgeExpired(): Promise<number> {
    return this.dedup.deleteOlderThan(REQUEST_DEDUP_TTL_MS);
  }
}

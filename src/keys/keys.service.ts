import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database';
import { ApiError, ClientContext } from '../common';
import { Db } from '../database';
import { AccountEventsService, AccountEventType } from '../account-events';
import { AuditEventType, AuditService } from '../audit';
import { KeyVersionRow, KeyVersionsRepository, NewKeyVersion } from './key-versions.repository';
import { KeysError } from './keys.errors';
import { KeyStoredResponse, KeySummary, KeyVersionResponse, toKeySummary, toKeyVersionResponse } from './keys.responses';

/**
 * Wrapped encryption keys with versioned rotation (opsync-api.md §6): the server keeps the client's
 * opaque material per version and never looks inside. Every query is the caller's own account, so
 * another account's key answers exactly like a missing one.
 *
 * A version records the session that stored it (`createdBy`; null for a token without a session).
 */
@Injectable()
export class KeysService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly keys: KeyVersionsRepository,
    private readonly audit: AuditService,
    private readonly events: AccountEventsService,
  ) {}

  /**
   * Stores the next version of a key for the caller's session, audited `key_stored` (v1) or `key_rotated` in
   * the same transaction. Every version, the first included, is a `key_rotated` event: the account's other
   * devices need the new key.
   */
  store(userId: number, keyId: string, key: NewKeyVersion, client: ClientContext): Promise<KeyStoredResponse> {
    const createdAt = Date.now();
    return this.prisma.$transaction(async (tx) => {
      if (!(await this.keys.insertNext(userId, keyId, key, createdAt, client.sessionId ?? null, tx))) {
        // A new statement: it sees the version a concurrent writer committed.
        throw new ApiError(KeysError.VersionConflict, { currentVersion: await this.keys.latestVersion(userId, keyId, tx) });
      }
      const type = key.version === 1 ? AuditEventType.KeyStored : AuditEventType.KeyRotated;
      await this.audit.record({ userId, type, client, details: { keyId, version: key.version } }, tx);
      await this.events.record(userId, { type: AccountEventType.KeyRotated, keyId, version: key.version }, client.sessionId ?? null, tx);
      return { keyId, version: key.version, createdAt };
    });
  }

  /** The latest version, or `version` when given. */
  async get(userId: number, keyId: string, version: number | undefined): Promise<KeyVersionResponse> {
    const row = await this.keys.find(userId, keyId, version);
    if (!row) throw new ApiError(KeysError.KeyNotFound);
    return toKeyVersionResponse(row);
  }

  async list(userId: number): Promise<{ keys: KeySummary[] }> {
    return { keys: (await this.keys.summaries(userId)).map(toKeySummary) };
  }

  /** Deletes an older version, audited `key_deleted`; the latest is refused (KEY_IN_USE). */
  deleteVersion(userId: number, keyId: string, version: number, client: ClientContext): Promise<void> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await this.keys.deleteUnlessLatest(userId, keyId, version, tx))) {
        throw new ApiError((await this.keys.exists(userId, keyId, version, tx)) ? KeysError.KeyInUse : KeysError.KeyNotFound);
      }
      await this.audit.record({ userId, type: AuditEventType.KeyDeleted, client, details: { keyId, version } }, tx);
    });
  }

  /** Every version of every key, still wrapped, for an account export (opsync-api.md §11). */
  exportAll(userId: number, db: Db): Promise<KeyVersionRow[]> {
    return this.keys.listAll(userId, db);
  }

  hasKeys(userId: number, db: Db): Promise<boolean> {
    return this.keys.hasAny(userId, db);
  }

  /** The keys of an imported account, in the import's transaction (the account has none: the import checked). */
  importAll(userId: number, rows: KeyVersionRow[], db: Db): Promise<void> {
    return this.keys.restore(userId, rows, db);
  }

  /** Keys per account for the given accounts (operator reports); an account without keys is absent. */
  keyCounts(userIds: number[]): Promise<Map<number, number>> {
    return this.keys.keyCounts(userIds);
  }

  /** Distinct keys and stored versions over all accounts (operator reports). */
  totals(): Promise<{ keys: number; versions: number }> {
    return this.keys.totals();
  }
}

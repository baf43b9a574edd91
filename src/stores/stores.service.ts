import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountEventType } from '../account-events';
import { AuditEventType, AuditService } from '../audit';
import { ApiError, base64DecodedBytes, ClientContext } from '../common';
import { AppConfig } from '../config';
import { PrismaService } from '../database';
import { StoreNamesRepository } from './persistence/store-names.repository';
import { StoresRepository } from './persistence/stores.repository';
import { StoreMembersRepository } from './persistence/store-members.repository';
import { checkSizes, metaBytes, newStoreToken } from './store-content';
import { nameHmac } from './store-names';
import { StoreKind } from './store-permission';
import { StoreEventsService } from './store-events.service';
import { StorePermissionsService } from './store-permissions.service';
import { StoreQuotaService } from './store-quota.service';
import { StoresError } from './stores.errors';
import {
  StoreCreatedResponse,
  StoreResponse,
  StoreSettingsResponse,
  StoreSummary,
  StoreWrittenResponse,
  toStoreCreatedResponse,
  toStoreResponse,
  toStoreSummary,
} from './stores.responses';

export interface NewStoreInput {
  kind: StoreKind;
  name?: string;
  meta?: string;
  data?: string;
}

export interface StoreWriteInput {
  data: string;
  meta?: string;
}

/**
 * Blob stores (opsync-api.md §3): named encrypted values written by compare-and-set on a version token.
 * Every route checks the caller's permission first (one query), so a store it may not see is a 404.
 * Writes are not audited (too frequent); deletes and settings are.
 *
 * Not yet here: the event feed (§7: data_updated, store_deleted, config_changed) and `updatedBy`
 * (sessions, §1); both wait for their issues.
 */
@Injectable()
export class StoresService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly stores: StoresRepository,
    private readonly members: StoreMembersRepository,
    private readonly names: StoreNamesRepository,
    private readonly permissions: StorePermissionsService,
    private readonly quota: StoreQuotaService,
    private readonly audit: AuditService,
    private readonly storeEvents: StoreEventsService,
  ) {}

  /** A new store, the caller its OWN member; 409 STORE_EXISTS (with the existing id) when the name is taken. */
  create(userId: number, input: NewStoreInput): Promise<StoreCreatedResponse> {
    if (input.kind === 'log' && input.data !== undefined) throw new ApiError(StoresError.KindMismatch);
    checkSizes(input.data, input.meta, this.config.storeMaxBytes);
    const data = input.kind === 'blob' ? (input.data ?? '') : null;
    const store = {
      id: randomUUID(),
      kind: input.kind,
      ownerId: userId,
      meta: input.meta ?? null,
      data,
      storedBytes: (data ? base64DecodedBytes(data) : 0) + metaBytes(input.meta),
      token: newStoreToken(),
    };
    return this.prisma.$transaction(async (tx) => {
      await this.quota.admit(userId, store.storedBytes, tx);
      await this.stores.insert(store, tx);
      await this.members.upsert(store.id, userId, 'OWN', tx);
      if (input.name !== undefined) {
        const hmac = nameHmac(await this.names.nameKey(userId, tx), input.name);
        // A concurrent creator of the same name commits first; this statement then sees its row.
        if (!(await this.names.claim(userId, hmac, store.id, tx))) {
          throw new ApiError(StoresError.StoreExists, { id: await this.names.storeIdOf(userId, hmac, tx) });
        }
      }
      return toStoreCreatedResponse((await this.stores.find(store.id, tx))!);
    });
  }

  async list(userId: number, changedSince: Date | undefined): Promise<{ stores: StoreSummary[] }> {
    return { stores: (await this.stores.listFor(userId, changedSince)).map(toStoreSummary) };
  }

  async get(userId: number, storeId: string): Promise<StoreResponse> {
    await this.permissions.require(storeId, userId, 'READ');
    const row = await this.stores.find(storeId);
    if (!row) throw new ApiError(StoresError.StoreNotFound);
    return toStoreResponse(row);
  }

  /** The caller's own store of that name (names are per account: a shared store is reached by id). */
  async getByName(userId: number, name: string): Promise<StoreResponse> {
    const key = await this.names.existingNameKey(userId);
    const storeId = key && (await this.names.storeIdOf(userId, nameHmac(key, name)));
    if (!storeId) throw new ApiError(StoresError.StoreNotFound);
    return this.get(userId, storeId);
  }

  /**
   * Compare-and-set (opsync-api.md §3): needs WRITE and this account's sync on; `token` must be the
   * current one, else 409 STORE_TOKEN_MISMATCH with the current token and version and nothing written.
   */
  write(
    userId: number,
    storeId: string,
    input: StoreWriteInput,
    token: string | undefined,
    sessionId: string | null,
  ): Promise<StoreWrittenResponse> {
    if (!token) throw new ApiError(StoresError.TokenRequired);
    checkSizes(input.data, input.meta, this.config.storeMaxBytes);
    return this.prisma.$transaction(async (tx) => {
      const access = await this.permissions.require(storeId, userId, 'WRITE', tx);
      if (access.kind !== 'blob') throw new ApiError(StoresError.KindMismatch);
      if (!access.syncEnabled) throw new ApiError(StoresError.SyncDisabled);
      const before = await this.stores.current(storeId, tx);
      if (!before) throw new ApiError(StoresError.StoreNotFound);
      const dataBytes = base64DecodedBytes(input.data);
      const newBytes = dataBytes + (input.meta !== undefined ? metaBytes(input.meta) : before.metaBytes);
      await this.quota.admit(access.ownerId, newBytes - before.storedBytes, tx);
      const written = await this.stores.compareAndSet(
        storeId,
        token,
        { data: input.data, meta: input.meta ?? null, dataBytes, newToken: newStoreToken() },
        tx,
      );
      if (written) {
        await this.storeEvents.toMembers(storeId, { type: AccountEventType.DataUpdated, version: written.version }, sessionId, tx);
        return written;
      }
      // A new statement: it sees the write that won (or the deletion).
      const now = await this.stores.current(storeId, tx);
      if (!now) throw new ApiError(StoresError.StoreNotFound);
      throw new ApiError(StoresError.TokenMismatch, { currentToken: now.token, currentVersion: now.version });
    });
  }

  /** Needs OWN; members, names and entries go with it. Audited `store_deleted`. */
  remove(userId: number, storeId: string, client: ClientContext): Promise<void> {
    return this.prisma.$transaction(async (tx) => {
      await this.permissions.require(storeId, userId, 'OWN', tx);
      // Told while they are still members: the deletion takes the memberships with it.
      await this.storeEvents.toMembers(storeId, { type: AccountEventType.StoreDeleted }, client.sessionId ?? null, tx);
      await this.stores.delete(storeId, tx);
      await this.audit.record({ userId, type: AuditEventType.StoreDeleted, client, details: { storeId } }, tx);
    });
  }

  /** The caller's own selective-sync switch for the store (any member). Audited `config_updated`. */
  setSyncEnabled(userId: number, storeId: string, syncEnabled: boolean, client: ClientContext): Promise<StoreSettingsResponse> {
    return this.prisma.$transaction(async (tx) => {
      await this.permissions.require(storeId, userId, 'READ', tx);
      await this.members.setSyncEnabled(storeId, userId, syncEnabled, tx);
      await this.storeEvents.toAccount(userId, storeId, { type: AccountEventType.ConfigChanged }, client.sessionId ?? null, tx);
      await this.audit.record({ userId, type: AuditEventType.ConfigUpdated, client, details: { storeId, syncEnabled } }, tx);
      return { id: storeId, syncEnabled };
    });
  }
}

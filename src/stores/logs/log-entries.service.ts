import { Injectable } from '@nestjs/common';
import { AccountEventType } from '../../account-events';
import { ApiError, base64DecodedBytes } from '../../common';
import { Db, PrismaService } from '../../database';
import { StoreAccess } from '../persistence/store-members.repository';
import { StorePermission } from '../store-permission';
import { StoreEventsService } from '../store-events.service';
import { StorePermissionsService } from '../store-permissions.service';
import { StoreQuotaService } from '../store-quota.service';
import { StoresError } from '../stores.errors';
import { AppendPlan, NewLogEntry, planAppend } from './append-plan';
import { EntryPageQuery, KnownClient, LogEntriesRepository, LogEntry } from './log-entries.repository';
import { AppendResponse, EntryPageResponse } from './logs.responses';

/** Appends of one log queue on its row lock: wait at most 60 s for it, then at most 60 s more. */
const APPEND_TRANSACTION = { maxWait: 60_000, timeout: 60_000 } as const;
/**
 * Keyset pages of the NDJSON stream: at most 1000 entries and 128 KiB of data (a larger entry alone).
 * Small pages are not about the bound alone: a page lives until the reader has taken it, and a large
 * one outlives the young generation's collections, so its garbage would pile up in the old generation
 * until a full collection (measured: +100 MB at 1 MiB pages, far less at 128 KiB).
 */
const STREAM_PAGE = { limit: 1000, byteBudget: 128 * 1024 } as const;

/**
 * Log stores (opsync-api.md §4): append-only entries with a gap-free seq per log, read by pages, as a
 * stream, or by a pull against the client's `syncStatus` vector. Every route starts with the stores
 * module's one permission query; entries are opaque and never parsed.
 */
@Injectable()
export class LogEntriesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly permissions: StorePermissionsService,
    private readonly entries: LogEntriesRepository,
    private readonly quota: StoreQuotaService,
    private readonly storeEvents: StoreEventsService,
  ) {}

  /**
   * One transaction under the log's row lock: the stored duplicates, the plan, the owner's quota for
   * the new entries' bytes, one insert. Anything refused stores nothing of the batch.
   */
  append(userId: number, storeId: string, batch: readonly NewLogEntry[], sessionId: string | null): Promise<AppendResponse> {
    return this.prisma.$transaction(async (tx) => {
      const access = await this.logAccess(storeId, userId, 'WRITE', tx);
      if (!access.syncEnabled) throw new ApiError(StoresError.SyncDisabled);
      const latestSeq = await this.entries.lock(storeId, tx);
      if (latestSeq === null) throw new ApiError(StoresError.StoreNotFound); // deleted since the permission query
      const plan = planAppend(batch, await this.entries.seqsOf(storeId, batch, tx), latestSeq);
      if (plan.added.length > 0) {
        await this.store(storeId, access.ownerId, plan, tx);
        await this.storeEvents.toMembers(storeId, { type: AccountEventType.DataUpdated, latestSeq: plan.latestSeq }, sessionId, tx);
      }
      return { results: plan.results, latestSeq: plan.latestSeq };
    }, APPEND_TRANSACTION);
  }

  /** `GET …/entries`: one page after `after`, ascending seq. */
  async page(userId: number, storeId: string, after: number, limit: number): Promise<EntryPageResponse> {
    await this.logAccess(storeId, userId, 'READ');
    return this.readPage({ storeId, afterSeq: after, limit });
  }

  /** `POST …/entries/pull`: the entries the vector does not cover, ascending seq. */
  async pull(userId: number, storeId: string, known: readonly KnownClient[], limit: number): Promise<EntryPageResponse> {
    await this.logAccess(storeId, userId, 'READ');
    return this.readPage({ storeId, afterSeq: 0, limit, known });
  }

  /**
   * The NDJSON stream: checks access before anything is sent, then yields every entry after `after` up
   * to the latest seq read at the start, one keyset page at a time (the caller awaits its write of a
   * page before the next is read, so a slow reader slows the reads), and that latest seq.
   */
  async stream(userId: number, storeId: string, after: number): Promise<{ latestSeq: number; pages: AsyncGenerator<LogEntry[]> }> {
    await this.logAccess(storeId, userId, 'READ');
    const latestSeq = await this.entries.latestSeq(storeId);
    return { latestSeq, pages: this.pages(storeId, after, latestSeq) };
  }

  private async *pages(storeId: string, after: number, maxSeq: number): AsyncGenerator<LogEntry[]> {
    let afterSeq = after;
    for (;;) {
      const { entries, more } = await this.entries.page({ storeId, afterSeq, maxSeq, ...STREAM_PAGE });
      if (entries.length > 0) yield entries;
      if (!more || entries.length === 0) return;
      afterSeq = entries[entries.length - 1].seq;
    }
  }

  private async readPage(q: Omit<EntryPageQuery, 'maxSeq'>): Promise<EntryPageResponse> {
    const latestSeq = await this.entries.latestSeq(q.storeId);
    const { entries, more } = await this.entries.page({ ...q, maxSeq: latestSeq });
    return { entries, latestSeq, hasMore: more };
  }

  /** The caller's access to a log store: 404 like unknown when it may not see it, 409 for a blob store. */
  private async logAccess(storeId: string, userId: number, needed: StorePermission, db?: Db): Promise<StoreAccess> {
    const access = await this.permissions.require(storeId, userId, needed, db);
    if (access.kind !== 'log') throw new ApiError(StoresError.KindMismatch);
    return access;
  }

  /** Admits the new entries' decoded bytes against the owner's quota (shared with the op log and the blobs), then stores them. */
  private async store(storeId: string, ownerId: number, plan: AppendPlan, tx: Db): Promise<void> {
    const addedBytes = plan.added.reduce((sum, entry) => sum + base64DecodedBytes(entry.data), 0);
    await this.quota.admit(ownerId, addedBytes, tx);
    await this.entries.append(storeId, plan.added, plan.latestSeq, addedBytes, tx);
  }
}

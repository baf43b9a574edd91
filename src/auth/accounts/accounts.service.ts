import { Injectable } from '@nestjs/common';
import { EventBus } from '../../event-bus';
import { Db, PrismaService } from '../../database';
import { AuditedChange, AuditEventType, AuditService } from '../../audit';
import { SocketClose } from '../socket-closes';
import { AccountProfile, AccountStorage, StorageUsage, UsersRepository } from './users.repository';

/** Work another module does in an account deletion's transaction, before the account's rows go (cascade). */
export type AccountDeletionStep = (userId: number, tx: Db) => Promise<void>;

/**
 * Account-level operations shared by the HTTP routes, TEST_MODE helpers and the operator CLIs, and
 * the one way other modules read or change table `users` (the storage counter of the operations
 * module, the operator reports).
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly events: EventBus,
  ) {}

  /** Registered by modules whose rows must not simply cascade away (a shared store changes owner). */
  private readonly deletionSteps: AccountDeletionStep[] = [];

  /** Adds a step to every account deletion; modules register theirs when they start. */
  addDeletionStep(step: AccountDeletionStep): void {
    this.deletionSteps.push(step);
  }

  /** The id of the account with this address (stored lower-cased), for callers that start from an email. */
  async findAccountId(email: string): Promise<number | null> {
    return (await this.users.findByEmail(email.toLowerCase()))?.id ?? null;
  }

  /** Like findAccountId, but only a verified account counts (sharing a store, opsync-api.md §5). */
  async findVerifiedAccountId(email: string): Promise<number | null> {
    const account = await this.users.findByEmail(email.toLowerCase());
    return account?.isVerified ? account.id : null;
  }

  /**
   * The account an operator names by id or by email: a numeric reference is tried as an id first,
   * then (like any other) as an address, case-insensitively.
   */
  async findAccount(ref: string): Promise<{ id: number; email: string } | null> {
    // Up to 9 digits: always within the int id column, so the lookup cannot overflow.
    const byId = /^\d{1,9}$/.test(ref) ? await this.users.findById(Number(ref)) : null;
    const account = byId ?? (await this.users.findByEmail(ref.toLowerCase()));
    return account && { id: account.id, email: account.email };
  }

  /** The account's own fields for an export (opsync-api.md §11), read in the export's transaction. */
  profile(userId: number, db?: Db): Promise<AccountProfile | null> {
    return this.users.findProfile(userId, db);
  }

  countAccounts(): Promise<{ total: number; verified: number }> {
    return this.users.count();
  }

  /** The addresses of these accounts, by id; ids without an account are absent. */
  emailsOf(ids: readonly number[]): Promise<Map<number, string>> {
    return this.users.findEmails(ids);
  }

  /** The accounts with the largest storage counters, largest first. */
  largestByStorage(limit: number): Promise<AccountStorage[]> {
    return this.users.largestByStorage(limit);
  }

  /**
   * The sync storage counter and quota (protocol spec §4.12). The operations module keeps the counter
   * in step with the ops it stores and deletes, in the same transaction (`db`) as that change.
   */
  storageUsage(userId: number, db?: Db): Promise<StorageUsage> {
    return this.users.findStorageUsage(userId, db);
  }

  /** Adds (or, negative, subtracts) bytes to the storage counter; it never goes below 0. */
  adjustStorageUsed(userId: number, deltaBytes: number, db: Db): Promise<void> {
    return this.users.addStorageUsed(userId, deltaBytes, db);
  }

  setStorageUsed(userId: number, bytes: number, db: Db): Promise<void> {
    return this.users.setStorageUsed(userId, bytes, db);
  }

  /**
   * Deletes the account and, by cascade, everything it owns (accounts spec §3.14), after the registered
   * deletion steps (which find nothing to do when there is no such account). In the same
   * transaction: the `account_deleted` audit row (which outlives the account), the caller's own rows
   * (an operator script's record) and a `close_sockets` event that closes its WebSockets on every
   * instance once the deletion commits. Every token of the account is refused from then on (the row is
   * gone). False when there was no such account (then nothing is written). The actor is `user` for
   * the owner's own request, `operator` for a CLI, `system` for test helpers.
   */
  deleteAccount(userId: number, change: AuditedChange): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      for (const step of this.deletionSteps) await step(userId, tx);
      if (!(await this.users.delete(userId, tx))) return false;
      await this.audit.record({ userId, type: AuditEventType.AccountDeleted, actor: change.actor, client: change.client }, tx);
      await change.alsoInTransaction?.(tx);
      await this.events.publish({ type: 'close_sockets', userId, ...SocketClose.accountDeleted }, tx);
      return true;
    });
  }
}

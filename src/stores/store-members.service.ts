import { Injectable } from '@nestjs/common';
import { AccountEventType } from '../account-events';
import { AuditEventType, AuditService } from '../audit';
import { AccountsService } from '../auth';
import { ApiError, ClientContext, maskEmail } from '../common';
import { Db, PrismaService } from '../database';
import { StoreMembersRepository } from './persistence/store-members.repository';
import { StoreNamesRepository } from './persistence/store-names.repository';
import { StoresRepository } from './persistence/stores.repository';
import { StoreEventsService } from './store-events.service';
import { StorePermission } from './store-permission';
import { StorePermissionsService } from './store-permissions.service';
import { StoresError } from './stores.errors';
import { StoreMemberResponse, toMemberResponse } from './stores.responses';

/**
 * Sharing (opsync-api.md §5). Every membership change locks the store row first, so two owners removing
 * each other at once run one after the other and a store never loses its last OWN member. The account
 * a store is charged to is always one of its OWN members: it is handed over before it stops being one.
 */
@Injectable()
export class StoreMembersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly stores: StoresRepository,
    private readonly members: StoreMembersRepository,
    private readonly names: StoreNamesRepository,
    private readonly permissions: StorePermissionsService,
    private readonly accounts: AccountsService,
    private readonly audit: AuditService,
    private readonly storeEvents: StoreEventsService,
  ) {}

  /** Needs READ; emails are masked unless the caller is OWN. */
  async list(userId: number, storeId: string): Promise<{ members: StoreMemberResponse[] }> {
    const access = await this.permissions.require(storeId, userId, 'READ');
    const rows = await this.members.list(storeId);
    const emails = await this.accounts.emailsOf(rows.map((row) => row.userId));
    const shown = (email: string) => (access.permission === 'OWN' ? email : maskEmail(email));
    return { members: rows.map((row) => toMemberResponse(row, shown(emails.get(row.userId) ?? ''))) };
  }

  /**
   * Needs OWN: adds the verified account with this email, or changes its permission. Audited
   * `member_added` in both accounts' trails.
   */
  share(userId: number, storeId: string, email: string, permission: StorePermission, client: ClientContext): Promise<StoreMemberResponse> {
    return this.prisma.$transaction(async (tx) => {
      await this.stores.lock(storeId, tx);
      await this.permissions.require(storeId, userId, 'OWN', tx);
      const memberId = await this.accounts.findVerifiedAccountId(email);
      if (memberId === null) throw new ApiError(StoresError.UserNotFound);
      if (permission !== 'OWN') await this.stopBeingOwner(storeId, memberId, tx);
      const member = await this.members.upsert(storeId, memberId, permission, tx);
      const details = { storeId, memberUserId: memberId, permission, byUserId: userId };
      await this.audit.record({ userId, type: AuditEventType.MemberAdded, client, details }, tx);
      if (memberId !== userId) await this.audit.record({ userId: memberId, type: AuditEventType.MemberAdded, client, details }, tx);
      await this.storeEvents.toMembers(storeId, { type: AccountEventType.MemberAdded }, client.sessionId ?? null, tx, [memberId]);
      return toMemberResponse(member, (await this.accounts.emailsOf([memberId])).get(memberId) ?? '');
    });
  }

  /** Needs OWN, or the caller leaving; 409 LAST_OWNER for the last OWN member. Audited `member_removed` (both trails). */
  unshare(userId: number, storeId: string, memberId: number, client: ClientContext): Promise<void> {
    return this.prisma.$transaction(async (tx) => {
      await this.stores.lock(storeId, tx);
      const access = await this.permissions.require(storeId, userId, 'READ', tx);
      if (memberId !== userId && access.permission !== 'OWN') throw new ApiError(StoresError.PermissionDenied);
      await this.stopBeingOwner(storeId, memberId, tx);
      if (!(await this.members.remove(storeId, memberId, tx))) throw new ApiError(StoresError.MemberNotFound);
      await this.names.release(memberId, storeId, tx);
      const details = { storeId, memberUserId: memberId, byUserId: userId };
      await this.audit.record({ userId, type: AuditEventType.MemberRemoved, client, details }, tx);
      if (memberId !== userId) await this.audit.record({ userId: memberId, type: AuditEventType.MemberRemoved, client, details }, tx);
      await this.storeEvents.toMembers(storeId, { type: AccountEventType.MemberRemoved }, client.sessionId ?? null, tx, [memberId]);
    });
  }

  /** Before an OWN member is demoted or removed: refuses the last one, else hands the store's charge over. */
  private async stopBeingOwner(storeId: string, memberId: number, tx: Db): Promise<void> {
    if ((await this.members.permissionOf(storeId, memberId, tx)) !== 'OWN') return;
    if ((await this.members.countOwners(storeId, tx)) <= 1) throw new ApiError(StoresError.LastOwner);
    await this.stores.handOver(memberId, storeId, tx);
  }
}

import { Injectable } from '@nestjs/common';
import { ClientContext } from '../../common';
import { AppConfig } from '../../config';
import { PrismaService } from '../../database';
import { SessionsService } from '../../devices';
import { AccountsService } from '../accounts/accounts.service';
import { UsersRepository } from '../accounts/users.repository';
import { TokenService } from '../tokens/token.service';
import { hashTestPassword } from './password-hash';

/** The TEST_MODE helpers of accounts spec §3.18 (the module registers them only in TEST_MODE). */
@Injectable()
export class TestModeService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsService,
    private readonly tokens: TokenService,
    private readonly prisma: PrismaService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * A verified account with a password hash and a valid token; the email is used as given. An existing
   * account of that address is replaced by a fresh one: deleting it wipes its operations, devices and
   * sync state by cascade (so the returned userId is a new one). The token has a session like any other.
   */
  async createUser(email: string, password: string, client: ClientContext): Promise<{ token: string; userId: number; email: string }> {
    const existing = await this.users.findByEmail(email);
    if (existing) await this.accounts.deleteAccount(existing.id, { actor: 'system' });
    const userId = await this.users.create({
      email,
      passwordHash: await hashTestPassword(password),
      verified: true,
      termsAcceptedAt: null,
      storageQuotaBytes: this.config.defaultStorageQuotaBytes,
    });
    const { sessionId, generation } = await this.sessions.open(userId, client, this.prisma);
    return { token: this.tokens.sign({ userId, email, tokenVersion: 0, session: { sid: sessionId, gen: generation } }), userId, email };
  }

  /** Deletes every account and, by cascade, all data. */
  async cleanup(): Promise<{ cleaned: true }> {
    await this.users.deleteAll();
    return { cleaned: true };
  }

  deleteUser(userId: number): Promise<boolean> {
    return this.accounts.deleteAccount(userId, { actor: 'system' });
  }
}

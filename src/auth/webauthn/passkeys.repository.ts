import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';
import { credentialColumns, PasskeyCredential } from './credential';

export interface ActivePasskey extends PasskeyCredential {
  id: string;
  owner: { id: number; email: string; isVerified: boolean; tokenVersion: number };
}

/** `passkeys`: the active credentials (accounts spec §1.2). */
@Injectable()
export class PasskeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Lookup by credential id only (the discoverable flow: the typed email plays no part). */
  async findByCredentialId(credentialId: Uint8Array): Promise<ActivePasskey | null> {
    const row = await this.prisma.passkey.findUnique({
      where: { credentialId: Buffer.from(credentialId) },
      include: { user: { select: { id: true, email: true, isVerified: true, tokenVersion: true } } },
    });
    if (!row) return null;
    return {
      id: row.id,
      credentialId: row.credentialId,
      publicKey: row.publicKey,
      counter: Number(row.counter),
      transports: row.transports,
      owner: { id: row.user.id, email: row.user.email, isVerified: row.user.isVerified === 1, tokenVersion: row.user.tokenVersion },
    };
  }

  /**
   * Stores the counter of a verified assertion, compare-and-set on the counter it was verified
   * against, so two concurrent logins cannot both pass the counter rule with one value.
   */
  async recordUse(passkeyId: string, verifiedAgainst: number, newCounter: number, db: Db = this.prisma): Promise<boolean> {
    const { count } = await db.passkey.updateMany({
      where: { id: passkeyId, counter: BigInt(verifiedAgainst) },
      data: { counter: BigInt(newCounter), lastUsedAt: new Date() },
    });
    return count === 1;
  }

  countForUser(userId: number): Promise<number> {
    return this.prisma.passkey.count({ where: { userId } });
  }

  /** Deletes every active passkey of the account; returns how many there were. */
  async deleteAllForUser(userId: number, db: Db = this.prisma): Promise<number> {
    return (await db.passkey.deleteMany({ where: { userId } })).count;
  }

  async add(userId: number, credential: PasskeyCredential, db: Db = this.prisma): Promise<void> {
    await db.passkey.create({ data: { userId, ...credentialColumns(credential) } });
  }
}

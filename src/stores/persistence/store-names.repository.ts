/*
 * The only file that touches the tables `store_name_keys` and `store_names` (opsync-api.md §3): store names
 * are never stored, only HMAC-SHA256(the account's name key, name).
 *
 *   store_name_keys  PK (user_id); name_key bytea (32 random bytes, made on the account's first named store)
 *   store_names      PK (user_id, name_hmac): names are unique per account; UNIQUE (store_id): one name a store
 *   FKs → users, stores ON DELETE CASCADE
 */
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database';

const NAME_KEY_BYTES = 32;

@Injectable()
export class StoreNamesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The account's name key, made now when it has none (two first uses at once keep the same key). */
  async nameKey(userId: number, db: Db): Promise<Buffer> {
    await db.$executeRaw`
      INSERT INTO store_name_keys (user_id, name_key) VALUES (${userId}, ${randomBytes(NAME_KEY_BYTES)}) ON CONFLICT (user_id) DO NOTHING`;
    return (await this.existingNameKey(userId, db))!;
  }

  /** The account's name key, or null before its first named store (then no name can match). */
  async existingNameKey(userId: number, db: Db = this.prisma): Promise<Buffer | null> {
    const row = await db.storeNameKey.findUnique({ where: { userId }, select: { nameKey: true } });
    return row && Buffer.from(row.nameKey);
  }

  /** Claims the name for the store; false when the account already uses it (nothing written). */
  async claim(userId: number, nameHmac: Buffer, storeId: string, db: Db): Promise<boolean> {
    const inserted = await db.$executeRaw`
      INSERT INTO store_names (user_id, name_hmac, store_id) VALUES (${userId}, ${nameHmac}, ${storeId})
      ON CONFLICT (user_id, name_hmac) DO NOTHING`;
    return inserted === 1;
  }

  async storeIdOf(userId: number, nameHmac: Buffer, db: Db = this.prisma): Promise<string | null> {
    const [row] = await db.$queryRaw<
      { store_id: string }[]
    >`SELECT store_id FROM store_names WHERE user_id = ${userId} AND name_hmac = ${nameHmac}`;
    return row?.store_id ?? null;
  }

  /** Frees the account's name of the store (the account left it: the name must not point at a store it cannot see). */
  async release(userId: number, storeId: string, db: Db): Promise<void> {
    await db.storeName.deleteMany({ where: { userId, storeId } });
  }
}

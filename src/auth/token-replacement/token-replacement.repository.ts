import { Injectable } from '@nestjs/common';
import { Db, PrismaService } from '../../database/prisma.service';

/** The account's token version, the counter that revokes every earlier token when it moves (accounts spec §4.5). */
@Injectable()
export class TokenReplacementRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One atomic statement, so concurrent replacements each get their own version; null if the account is gone. */
  async incrementTokenVersion(userId: number, db: Db = this.prisma): Promise<number | null> {
    const rows = await db.$queryRaw<{ token_version: number }[]>`
      UPDATE users SET token_version = token_version + 1 WHERE id = ${userId} RETURNING token_version`;
    return rows[0]?.token_version ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface TokenHolderState {
  isVerified: boolean;
  tokenVersion: number;
}

/** The account columns that decide whether a token is still good (accounts spec §4.2 steps 3–5). */
@Injectable()
export class TokenHoldersRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findState(userId: number): Promise<TokenHolderState | null> {
    const row = await this.prisma.user.findUnique({ where: { id: userId }, select: { isVerified: true, tokenVersion: true } });
    return row && { isVerified: row.isVerified === 1, tokenVersion: row.tokenVersion };
  }
}

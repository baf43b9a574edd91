import { randomBytes } from 'node:crypto';
import { TokenService } from '../../src/auth';
import { TestApp } from '../helpers/test-app';

export interface TestUser {
  id: number;
  email: string;
  token: string;
}

/** A verified account with a unique email and a valid access token for it. */
export async function createVerifiedUser(
  t: Pick<TestApp, 'prisma' | 'get'>,
  overrides: { isVerified?: number; tokenVersion?: number } = {},
): Promise<TestUser> {
  const email = `user-${randomBytes(5).toString('hex')}@example.com`;
  const user = await t.prisma.user.create({
    data: { email, isVerified: overrides.isVerified ?? 1, tokenVersion: overrides.tokenVersion ?? 0 },
  });
  const token = t.get(TokenService).sign({ userId: user.id, email, tokenVersion: user.tokenVersion });
  return { id: user.id, email, token };
}

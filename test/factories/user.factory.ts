import { randomBytes } from 'node:crypto';
import { TokenService } from '../../src/auth';
import { SessionsService } from '../../src/devices';
import { TestApp } from '../helpers/test-app';

export interface TestUser {
  id: number;
  email: string;
  token: string;
  /** The token's session (opsync-api.md §1); null for a `legacy` token issued as before sessions existed. */
  sessionId: string | null;
}

/**
 * A verified account with a unique email and a valid access token for it, of a session of its own
 * like every token the server issues; `legacy` signs one without a session instead.
 */
export async function createVerifiedUser(
  t: Pick<TestApp, 'prisma' | 'get'>,
  overrides: { isVerified?: number; tokenVersion?: number; legacy?: boolean } = {},
): Promise<TestUser> {
  const email = `user-${randomBytes(5).toString('hex')}@example.com`;
  const user = await t.prisma.user.create({
    data: { email, isVerified: overrides.isVerified ?? 1, tokenVersion: overrides.tokenVersion ?? 0 },
  });
  const claims = { userId: user.id, email, tokenVersion: user.tokenVersion };
  if (overrides.legacy) return { id: user.id, email, token: t.get(TokenService).sign(claims), sessionId: null };
  const { sessionId, generation } = await t.get(SessionsService).open(user.id, undefined, t.prisma);
  return { id: user.id, email, token: t.get(TokenService).sign({ ...claims, session: { sid: sessionId, gen: generation } }), sessionId };
}

/** The same account signed in on another device: a token of its own, new session. */
export async function signInAgain(t: Pick<TestApp, 'prisma' | 'get'>, user: TestUser): Promise<TestUser> {
  const { sessionId, generation } = await t.get(SessionsService).open(user.id, undefined, t.prisma);
  const claims = { userId: user.id, email: user.email, tokenVersion: 0, session: { sid: sessionId, gen: generation } };
  return { ...user, token: t.get(TokenService).sign(claims), sessionId };
}

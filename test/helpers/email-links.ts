import { createHash } from 'node:crypto';
import { createVerifiedUser } from '../factories/user.factory';
import { TestApp } from './test-app';

/** The three emailed links by page, with the users columns that hold their token's SHA-256 (accounts spec §1.1). */
export const EMAIL_LINK_COLUMNS = {
  '/magic-login': { token: 'loginToken', expiresAt: 'loginTokenExpiresAt' },
  '/recover-passkey': { token: 'passkeyRecoveryToken', expiresAt: 'passkeyRecoveryTokenExpiresAt' },
  '/verify-email': { token: 'verificationToken', expiresAt: 'verificationTokenExpiresAt' },
} as const;
export type EmailLinkPage = keyof typeof EMAIL_LINK_COLUMNS;

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Gives a fresh account a live token for every emailed link, as the mails would (only the digest is
 * stored): the landing pages answer 200 only for links that can still work. Returns the account's id.
 */
export async function plantEmailLinks(
  app: Pick<TestApp, 'prisma' | 'get'>,
  token: string,
  expiresAt = Date.now() + 600_000,
): Promise<number> {
  const user = await createVerifiedUser(app);
  await setEmailLinks(app, user.id, token, expiresAt);
  return user.id;
}

/** Puts `token` (as its digest) into every link column of the account, expiring at `expiresAt` (epoch ms). */
export async function setEmailLinks(app: Pick<TestApp, 'prisma'>, userId: number, token: string, expiresAt: number): Promise<void> {
  const data: Record<string, string | bigint> = {};
  for (const { token: tokenColumn, expiresAt: expiryColumn } of Object.values(EMAIL_LINK_COLUMNS)) {
    data[tokenColumn] = digestOf(token);
    data[expiryColumn] = BigInt(expiresAt);
  }
  await app.prisma.user.update({ where: { id: userId }, data });
}

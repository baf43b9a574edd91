import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;
const PARAMS = { N: 16_384, r: 8, p: 1 };

/**
 * The password hash of a TEST_MODE account. Upstream stores bcrypt (cost 12); bcrypt is not available
 * here, so this is scrypt from node:crypto in a self-describing format. Nothing verifies passwords
 * (OpSync has no password login, accounts spec §3.17): the column only marks the account as one with
 * a password, which excludes it from passkey recovery (§3.10).
 */
export async function hashTestPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

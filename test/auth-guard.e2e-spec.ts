import jwt from 'jsonwebtoken';
import { AuthFailure } from '../src/auth';
import { createVerifiedUser } from './factories/user.factory';
import { ProbeController } from './helpers/probe.controller';
import { createTestApp, TestApp } from './helpers/test-app';
import { TEST_JWT_SECRET } from './helpers/test-config';
import { createTestDatabase } from './helpers/test-database';

describe('JWT guard (accounts spec §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [ProbeController] });
  });
  afterAll(() => t.close());

  const me = (authorization?: string) => {
    const req = t.http().get('/probe/me');
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  it('accepts a valid token and hands the route the identity from the token', async () => {
    const user = await createVerifiedUser(t);
    const res = await me(`Bearer ${user.token}`).expect(200);
    expect(res.body).toEqual({ userId: user.id, email: user.email, sessionId: user.sessionId });
  });

  it.each([
    ['no header', undefined],
    ['Basic scheme', 'Basic dXNlcjpwYXNz'],
    ['lower-case bearer', 'bearer abc'],
    ['empty header', ''],
  ])('A-37 answers 401 "Missing or invalid Authorization header" for %s', async (_label, header) => {
    const res = await me(header).expect(401);
    expect(res.body).toEqual({ error: AuthFailure.MissingHeader.message });
  });

  it('A-38 answers 401 "Invalid token" for a foreign signature, a random string, two spaces and HS512', async () => {
    const user = await createVerifiedUser(t);
    const foreign = jwt.sign({ userId: user.id, email: user.email, tokenVersion: 0 }, 'another-secret-that-is-long-enough-000000');
    const hs512 = jwt.sign({ userId: user.id, email: user.email, tokenVersion: 0 }, TEST_JWT_SECRET, { algorithm: 'HS512' });
    for (const header of [`Bearer ${foreign}`, 'Bearer not-a-jwt', `Bearer  ${user.token}`, `Bearer ${hs512}`]) {
      expect((await me(header).expect(401)).body).toEqual({ error: AuthFailure.InvalidToken.message });
    }
  });

  it('A-38 answers 401 with the expiry reason for an expired token', async () => {
    const user = await createVerifiedUser(t);
    const expired = jwt.sign(
      { userId: user.id, email: user.email, tokenVersion: 0, exp: Math.floor(Date.now() / 1000) - 10 },
      TEST_JWT_SECRET,
    );
    expect((await me(`Bearer ${expired}`).expect(401)).body).toEqual({ error: AuthFailure.Expired.message });
  });

  it('A-38 P-2 answers 401 with the revoked reason when tokenVersion is behind the account', async () => {
    const user = await createVerifiedUser(t);
    await t.prisma.user.update({ where: { id: user.id }, data: { tokenVersion: 1 } });
    expect((await me(`Bearer ${user.token}`).expect(401)).body).toEqual({ error: AuthFailure.Revoked.message });
  });

  it('A-38 accepts a token without tokenVersion while the account is at version 0', async () => {
    const user = await createVerifiedUser(t);
    const legacy = jwt.sign({ userId: user.id, email: user.email }, TEST_JWT_SECRET);
    await me(`Bearer ${legacy}`).expect(200);
  });

  it("refuses a session token whose session is unknown, another account's, behind its generation, or whose sid comes without gen", async () => {
    const user = await createVerifiedUser(t);
    const other = await createVerifiedUser(t);
    const sign = (claims: object) => jwt.sign({ userId: user.id, email: user.email, tokenVersion: 0, ...claims }, TEST_JWT_SECRET);
    for (const claims of [
      { sid: '01234567-89ab-4def-8123-456789abcdef', gen: 0 },
      { sid: other.sessionId, gen: 0 },
      { sid: user.sessionId, gen: 1 },
    ]) {
      expect((await me(`Bearer ${sign(claims)}`).expect(401)).body).toEqual({ error: AuthFailure.Revoked.message });
    }
    for (const claims of [{ sid: user.sessionId }, { gen: 0 }, { sid: 7, gen: 0 }, { sid: user.sessionId, gen: -1 }]) {
      expect((await me(`Bearer ${sign(claims)}`).expect(401)).body).toEqual({ error: AuthFailure.InvalidToken.message });
    }
    await me(`Bearer ${sign({ sid: user.sessionId, gen: 0 })}`).expect(200);
  });

  it('A-39 answers 401 "Account unavailable" for a deleted or an unverified account', async () => {
    const deleted = await createVerifiedUser(t);
    await t.prisma.user.delete({ where: { id: deleted.id } });
    expect((await me(`Bearer ${deleted.token}`).expect(401)).body).toEqual({ error: AuthFailure.AccountUnavailable.message });
    const unverified = await createVerifiedUser(t, { isVerified: 0 });
    expect((await me(`Bearer ${unverified.token}`).expect(401)).body).toEqual({ error: AuthFailure.AccountUnavailable.message });
  });

  it('A-40 answers 5xx, never 401, when the database is down during the token check', async () => {
    const user = await createVerifiedUser(t);
    const db = await createTestDatabase();
    const broken = await createTestApp({ db: { ...db, url: 'postgresql://nobody@127.0.0.1:1/nothing' }, controllers: [ProbeController] });
    try {
      const token = jwt.sign({ userId: user.id, email: user.email, tokenVersion: 0 }, TEST_JWT_SECRET);
      const res = await broken.http().get('/probe/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error' });
    } finally {
      await broken.close();
      await db.drop();
    }
  });

  it('two apps in one process check tokens against their own database', async () => {
    const other = await createTestApp({ controllers: [ProbeController] });
    try {
      const here = await createVerifiedUser(t);
      const there = await createVerifiedUser(other);
      await me(`Bearer ${here.token}`).expect(200);
      await other.http().get('/probe/me').set('Authorization', `Bearer ${there.token}`).expect(200);
      // Same id, same secret, but the account only exists in the other app's database.
      await t.prisma.user.delete({ where: { id: here.id } });
      expect((await me(`Bearer ${here.token}`).expect(401)).body).toEqual({ error: AuthFailure.AccountUnavailable.message });
      await other.http().get('/probe/me').set('Authorization', `Bearer ${there.token}`).expect(200);
    } finally {
      await other.close();
    }
  });
});

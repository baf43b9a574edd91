import { POOL_APPLICATION_NAME, PrismaService } from '../src/database';
import { createTestApp } from './helpers/test-app';
import { adminQuery, createTestDatabase } from './helpers/test-database';
import { waitUntil } from './helpers/waiting';

describe('GET /health (accounts spec §3.19)', () => {
  it('answers 200 after a real database round trip, without a token', async () => {
    const t = await createTestApp();
    try {
      const res = await t.http().get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', db: 'connected', wsConnections: 0 });
    } finally {
      await t.close();
    }
  });

  it('answers 503 when the database does not answer', async () => {
    const db = await createTestDatabase();
    const t = await createTestApp({ db: { ...db, url: 'postgresql://nobody@127.0.0.1:1/nothing' } });
    try {
      const res = await t.http().get('/health').expect(503);
      expect(res.body).toMatchObject({ status: 'error', db: 'disconnected' });
    } finally {
      await t.close();
      await db.drop();
    }
  });

  it('answers 503 once the database it was using is gone, and is never rate limited', async () => {
    const db = await createTestDatabase();
    const t = await createTestApp({ db });
    try {
      await t.http().get('/health').expect(200);
      await db.drop(); // terminates the app's connections and removes the database
      const res = await t.http().get('/health');
      expect(res.status).toBe(503);
      for (let i = 0; i < 30; i++) expect((await t.http().get('/health')).headers['x-ratelimit-limit']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('survives the database ending its idle connections, even while Prisma is disconnected, and reconnects', async () => {
    const t = await createTestApp();
    try {
      await Promise.all(Array.from({ length: 4 }, () => t.http().get('/health').expect(200)));
      const pool = t.get(PrismaService);
      expect(pool.poolUsage().idle).toBeGreaterThan(0);
      // Prisma's adapter stops listening to the pool on $disconnect (as during shutdown); the next query reconnects.
      await pool.$disconnect();
      await adminQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${t.db.name}' AND application_name = '${POOL_APPLICATION_NAME}'`,
      );
      await waitUntil(() => pool.poolUsage().total === 0, 'the pool to drop the ended connections');
      expect((await t.http().get('/health').expect(200)).body).toMatchObject({ db: 'connected' });
    } finally {
      await t.close();
    }
  });
});

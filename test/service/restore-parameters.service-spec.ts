import { v7 as uuidv7 } from 'uuid';
import { RequestValidationPipe } from '../../src/common/validation';
import { RestoreParamsDto, RestorePointsQueryDto } from '../../src/snapshots/dto/restore-requests.dto';
import { RestoreService } from '../../src/snapshots/restore.service';
import { SnapshotsModule } from '../../src/snapshots/snapshots.module';
import { encryptedOp, plaintextOp } from '../factories/sync-op.factory';
import { createVerifiedUser } from '../factories/user.factory';
import { createServiceContext, ServiceContext } from '../helpers/service-context';
import { refusalOf, syncServices } from '../helpers/sync-services';
import { UNLIMITED } from '../helpers/test-config';

describe('restore parameters and targets (protocol spec §3.6, §3.7, §4.11)', () => {
  /** The global pipe as configureApp installs it outside production: what reads the routes' parameters. */
  const pipe = new RequestValidationPipe(true);

  describe('GET /api/sync/restore/:serverSeq takes 1–10 decimal digits, from 1 to the int4 column maximum', () => {
    const read = (serverSeq: string) => pipe.transform({ serverSeq }, { type: 'param', metatype: RestoreParamsDto });

    it.each([
      ['1', 1],
      ['42', 42],
      ['0000000042', 42],
      ['2147483647', 2_147_483_647],
    ])('"%s" → %d', async (raw, serverSeq) => {
      expect(await read(raw)).toEqual({ serverSeq });
    });

    it.each(['0', '-1', '1.5', '1e3', '0x10', ' 1', 'abc', '', '00000000001', '2147483648', '9999999999'])(
      '"%s" → INVALID_SERVER_SEQ',
      async (raw) => {
        expect(await refusalOf(read(raw))).toEqual({
          status: 400,
          code: 'INVALID_SERVER_SEQ',
          message: 'Invalid serverSeq parameter (must be a positive integer)',
        });
      },
    );
  });

  describe('GET /api/sync/restore-points reads limit by its leading digits like the reference, 1–100, default 30', () => {
    const read = (query: Record<string, string>) => pipe.transform(query, { type: 'query', metatype: RestorePointsQueryDto });

    it.each([
      [{}, 30],
      [{ limit: '1' }, 1],
      [{ limit: '100' }, 100],
      [{ limit: '1abc' }, 1],
      [{ limit: '1.9' }, 1],
      [{ limit: '5', _: '1700000000' }, 5],
    ])('%j → limit %d', async (query, limit) => {
      expect(await read(query)).toEqual({ limit });
    });

    it.each(['0', '101', '-5', 'abc', ''])('limit "%s" → INVALID_LIMIT', async (limit) => {
      expect(await refusalOf(read({ limit }))).toEqual({
        status: 400,
        code: 'INVALID_LIMIT',
        message: 'Invalid limit parameter (must be 1-100)',
      });
    });
  });

  describe('restore targets, replayed from a real op log (a plaintext server)', () => {
    let ctx: ServiceContext;
    beforeAll(async () => {
      ctx = await createServiceContext([SnapshotsModule], { env: { ...UNLIMITED, E2EE_REQUIRED: 'false' } });
    });
    afterAll(() => ctx.close());

    const fresh = async () => {
      const user = await createVerifiedUser(ctx);
      return { userId: user.id, sync: syncServices(ctx, user.id), restore: (seq: number) => ctx.get(RestoreService).restore(user.id, seq) };
    };
    const task = (entityId: string, payload: unknown, opType = 'UPD') => plaintextOp('A', payload, { opType, entityId });

    it('a target beyond the latest seq is TARGET_BEYOND_LATEST; the latest seq itself restores', async () => {
      const { sync, restore } = await fresh();
      await sync.upload('A', [task('t1', { title: 'one' }, 'CRT'), task('t1', { done: true })]);
      expect(await refusalOf(restore(3))).toEqual({
        status: 400,
        code: 'TARGET_BEYOND_LATEST',
        message: 'Target sequence 3 exceeds latest sequence 2',
      });
      expect((await refusalOf(restore(9_999_999_999))).code).toBe('TARGET_BEYOND_LATEST');
      expect(await restore(2)).toMatchObject({ serverSeq: 2, state: { TASK: { t1: { title: 'one', done: true } } } });
    });

    it('starts at the latest full-state op at or below the target: history before it may be gone, history the replay needs may not', async () => {
      const { userId, sync, restore } = await fresh();
      await sync.upload('A', [task('t1', { title: 'one' }, 'CRT'), task('t1', { done: true })]); // 1, 2
      await sync.snapshot({ state: { TASK: { t7: { title: 'imported' } } }, clientId: 'B', reason: 'recovery', vectorClock: { B: 1 } }); // 3
      await sync.upload('A', [plaintextOp('A', { title: 'after' }, { opType: 'CRT', entityId: 't8', vectorClock: { A: 2, B: 1 } })]); // 4
      await ctx.prisma.operation.deleteMany({ where: { userId, serverSeq: { lte: 2 } } });
      expect((await restore(4)).state).toEqual({ TASK: { t7: { title: 'imported' }, t8: { title: 'after' } } });
      expect((await restore(3)).state).toEqual({ TASK: { t7: { title: 'imported' } } });
      expect(await refusalOf(restore(2))).toMatchObject({ status: 500, code: 'SNAPSHOT_REPLAY_INCOMPLETE' });
    });

    it('refuses a replay over a legacy repair or an encrypted op in its range, but not one ending before them', async () => {
      const legacy = await fresh();
      await legacy.sync.upload('A', [task('t1', { a: 1 }, 'CRT')]);
      const repair = {
        state: { x: {} },
        clientId: 'A',
        reason: 'recovery',
        vectorClock: { A: 2 },
        snapshotOpType: 'REPAIR',
        isCleanSlate: true,
        opId: uuidv7(),
      };
      await legacy.sync.snapshot(repair);
      expect(await refusalOf(legacy.restore(2))).toMatchObject({ status: 500, code: 'SNAPSHOT_REPLAY_LEGACY_REPAIR' });
      expect((await legacy.restore(1)).state).toEqual({ TASK: { t1: { a: 1 } } });

      const encrypted = await fresh();
      await encrypted.sync.upload('A', [task('t1', { a: 1 }, 'CRT'), encryptedOp('A')]);
      expect(await refusalOf(encrypted.restore(2))).toMatchObject({ status: 400, code: 'ENCRYPTED_OPS_NOT_SUPPORTED' });
      expect((await encrypted.restore(1)).state).toEqual({ TASK: { t1: { a: 1 } } });
    });

    it('replays at most 100000 ops: one more is SNAPSHOT_REPLAY_TOO_LONG before any op is read', async () => {
      const { userId, restore } = await fresh();
      // A log that claims 100001 ops and holds none: only the length check can tell the two targets apart.
      await ctx.prisma.userSyncState.create({ data: { userId, lastSeq: 100_001 } });
      expect(await refusalOf(restore(100_001))).toMatchObject({
        status: 500,
        code: 'SNAPSHOT_REPLAY_TOO_LONG',
        message: 'More than 100000 operations to replay',
      });
      expect(await refusalOf(restore(100_000))).toMatchObject({ status: 500, code: 'SNAPSHOT_REPLAY_INCOMPLETE' });
    });
  });
});

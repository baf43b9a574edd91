import { OperationsModule } from '../../src/operations/operations.module';
import { encryptedOp, plaintextOp, WireOp } from '../factories/sync-op.factory';
import { createVerifiedUser } from '../factories/user.factory';
import { createServiceContext, ServiceContext } from '../helpers/service-context';
import { refusalOf, syncServices } from '../helpers/sync-services';
import { UNLIMITED } from '../helpers/test-config';

describe('op upload field rules: the upload pipe and service on a real database (protocol spec §2.3, §4.2)', () => {
  let ctx: ServiceContext;
  // A plaintext server, so that the payload rules behind the E2EE gate are reachable.
  beforeAll(async () => {
    ctx = await createServiceContext([OperationsModule], { env: { ...UNLIMITED, E2EE_REQUIRED: 'false' } });
  });
  afterAll(() => ctx.close());

  const fresh = async () => {
    const user = await createVerifiedUser(ctx);
    return { userId: user.id, sync: syncServices(ctx, user.id) };
  };
  const storedIds = async (userId: number) =>
    (await ctx.prisma.operation.findMany({ where: { userId }, orderBy: { serverSeq: 'asc' }, select: { id: true } })).map((op) => op.id);

  describe('per-op rules (§4.2): the op is answered with its code, takes no seq and is not stored; its sibling is', () => {
    const rules: { rule: string; override: Partial<WireOp>; errorCode: string; error: string }[] = [
      {
        rule: "a clientId other than the request's",
        override: { clientId: 'B' },
        errorCode: 'INVALID_CLIENT_ID',
        error: 'Operation clientId "B" does not match request clientId "A"',
      },
      { rule: 'an empty id', override: { id: '' }, errorCode: 'INVALID_OP_ID', error: 'Invalid operation ID' },
      { rule: 'an id of 256 characters', override: { id: 'i'.repeat(256) }, errorCode: 'INVALID_OP_ID', error: 'Operation ID too long' },
      {
        rule: 'an opType outside the enum (case counts)',
        override: { opType: 'upd' },
        errorCode: 'INVALID_OP_TYPE',
        error: 'Invalid opType',
      },
      { rule: 'an empty entityType', override: { entityType: '' }, errorCode: 'INVALID_ENTITY_TYPE', error: 'Missing entityType' },
      {
        rule: 'an entityId of 256 characters',
        override: { entityId: 'e'.repeat(256) },
        errorCode: 'INVALID_ENTITY_ID',
        error: 'Invalid entityId format or length',
      },
      {
        rule: '1001 entityIds',
        override: { entityIds: Array.from({ length: 1001 }, (_, i) => `e${i}`) },
        errorCode: 'INVALID_ENTITY_ID',
        error: 'Invalid entityIds: not an array or too many entries',
      },
      {
        rule: 'a blank entityIds element',
        override: { entityIds: ['e1', ' '] },
        errorCode: 'INVALID_ENTITY_ID',
        error: 'Invalid entityIds element: must be a non-empty string <= 255 chars',
      },
      { rule: 'no payload', override: { payload: undefined }, errorCode: 'INVALID_PAYLOAD', error: 'Missing payload' },
      { rule: 'schemaVersion 0', override: { schemaVersion: 0 }, errorCode: 'INVALID_SCHEMA_VERSION', error: 'Invalid schema version: 0' },
      {
        rule: 'a fractional schemaVersion',
        override: { schemaVersion: 4.5 },
        errorCode: 'INVALID_SCHEMA_VERSION',
        error: 'Invalid schema version: 4.5',
      },
      {
        rule: 'a timestamp beyond the safe integers',
        override: { timestamp: 2 ** 53 },
        errorCode: 'INVALID_TIMESTAMP',
        error: 'Invalid timestamp',
      },
      {
        rule: 'a DEL whose payload is a number',
        override: { opType: 'DEL', payload: 5 },
        errorCode: 'INVALID_PAYLOAD',
        error: 'DEL payload must be null, an object, or an encrypted string',
      },
      {
        rule: 'a BATCH whose entities are a list',
        override: { opType: 'BATCH', payload: { entities: [1] } },
        errorCode: 'INVALID_PAYLOAD',
        error: 'BATCH entities must be an object keyed by ID',
      },
    ];

    it.each(rules)('$rule → $errorCode', async ({ override, errorCode, error }) => {
      const { userId, sync } = await fresh();
      const op = plaintextOp('A', { title: 'refused' }, override);
      const sibling = plaintextOp('A', { title: 'kept' });
      const res = await sync.upload('A', [op, sibling]);
      expect(res.results).toEqual([
        { opId: op.id, accepted: false, errorCode, error },
        { opId: sibling.id, accepted: true, serverSeq: 1 },
      ]);
      expect(res.latestSeq).toBe(1);
      expect(await storedIds(userId)).toEqual([sibling.id]);
    });

    it('the limits themselves are accepted: a 255-character id and entityId, 1000 entityIds, schemaVersion 1 and 100', async () => {
      const { userId, sync } = await fresh();
      const atLimits = [
        plaintextOp('A', { t: 1 }, { id: 'i'.repeat(255) }),
        plaintextOp('A', { t: 2 }, { entityId: 'e'.repeat(255) }),
        plaintextOp('A', { t: 3 }, { opType: 'BATCH', entityIds: Array.from({ length: 1000 }, (_, i) => `e${i}`) }),
        plaintextOp('A', { t: 4 }, { schemaVersion: 1 }),
        plaintextOp('A', { t: 5 }, { schemaVersion: 100 }),
      ];
      const res = await sync.upload('A', atLimits);
      expect(res.results.map((r) => r.accepted)).toEqual([true, true, true, true, true]);
      expect(await storedIds(userId)).toEqual(atLimits.map((op) => op.id));
    });
  });

  describe('envelope rules (§2.3): the pipe refuses the whole request, naming the field, before anything is stored', () => {
    const body = () => ({ ops: [encryptedOp('A'), encryptedOp('A')], clientId: 'A' });
    type Body = ReturnType<typeof body>;
    const withOp = (b: Body, index: number, change: Record<string, unknown>) => ({
      ...b,
      ops: b.ops.map((op, i) => (i === index ? { ...op, ...change } : op)),
    });
    const refusals: [string, (b: Body) => unknown, (string | number)[]][] = [
      ['an op id that is a number', (b) => withOp(b, 0, { id: 7 }), ['ops', 0, 'id']],
      ['an op id with a NUL', (b) => withOp(b, 0, { id: 'a\u0000b' }), ['ops', 0, 'id']],
      ['an empty actionType', (b) => withOp(b, 0, { actionType: '' }), ['ops', 0, 'actionType']],
      ['entityId null', (b) => withOp(b, 0, { entityId: null }), ['ops', 0, 'entityId']],
      ['vectorClock a list', (b) => withOp(b, 0, { vectorClock: [1] }), ['ops', 0, 'vectorClock']],
      ['timestamp a string', (b) => withOp(b, 0, { timestamp: '123' }), ['ops', 0, 'timestamp']],
      ['isPayloadEncrypted "true"', (b) => withOp(b, 0, { isPayloadEncrypted: 'true' }), ['ops', 0, 'isPayloadEncrypted']],
      ['a second op without schemaVersion', (b) => withOp(b, 1, { schemaVersion: undefined }), ['ops', 1, 'schemaVersion']],
      ['a request clientId with a dot', (b) => ({ ...b, clientId: 'A.B' }), ['clientId']],
      ['a negative lastKnownServerSeq', (b) => ({ ...b, lastKnownServerSeq: -1 }), ['lastKnownServerSeq']],
      ['a requestId of 65 characters', (b) => ({ ...b, requestId: 'r'.repeat(65) }), ['requestId']],
    ];

    it.each(refusals)('%s', async (_label, mutate, path) => {
      const { userId, sync } = await fresh();
      const refusal = await refusalOf(sync.uploadRaw(mutate(body())));
      expect(refusal).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect((refusal.details as { path: unknown[] }[]).map((issue) => issue.path)).toContainEqual(path);
      expect(await storedIds(userId)).toEqual([]);
    });
  });
});

import { IncomingOp } from './op-record';
import { validateOp } from './op-validation';

const op = (overrides: Partial<IncomingOp> = {}): IncomingOp => ({
  id: 'op-1',
  clientId: 'A',
  actionType: '[Task] Update',
  opType: 'UPD',
  entityType: 'TASK',
  entityId: 't1',
  payload: { title: 'x' },
  vectorClock: { A: 1 },
  timestamp: 1_700_000_000_000,
  schemaVersion: 4,
  ...overrides,
});
const check = (overrides: Partial<IncomingOp>, bytes = 10) => validateOp(op(overrides), 'A', bytes);

describe('per-op validation (protocol spec §4.2)', () => {
  it('accepts a well-formed op', () => {
    expect(check({})).toBeNull();
  });

  it.each<[string, Partial<IncomingOp>, string, string]>([
    ['#1 clientId mismatch', { clientId: 'B' }, 'INVALID_CLIENT_ID', 'Operation clientId "B" does not match request clientId "A"'],
    ['#2 empty id', { id: '' }, 'INVALID_OP_ID', 'Invalid operation ID'],
    ['#3 long id', { id: 'x'.repeat(256) }, 'INVALID_OP_ID', 'Operation ID too long'],
    ['#4 opType', { opType: 'XYZ' }, 'INVALID_OP_TYPE', 'Invalid opType'],
    ['#5 empty entityType', { entityType: '' }, 'INVALID_ENTITY_TYPE', 'Missing entityType'],
    ['#6 unknown entityType', { entityType: 'FOO' }, 'INVALID_ENTITY_TYPE', 'Invalid entityType: FOO'],
    ['#7 long entityId', { entityId: 'e'.repeat(256) }, 'INVALID_ENTITY_ID', 'Invalid entityId format or length'],
    ['#7 blank entityId', { entityId: '' }, 'INVALID_ENTITY_ID', 'entityId cannot be empty or whitespace-only'],
    [
      '#8 too many entityIds',
      { entityIds: Array.from({ length: 1001 }, (_, i) => `e${i}`) },
      'INVALID_ENTITY_ID',
      'Invalid entityIds: not an array or too many entries',
    ],
    [
      '#8 blank entityIds element',
      { entityIds: ['a', ' '] },
      'INVALID_ENTITY_ID',
      'Invalid entityIds element: must be a non-empty string <= 255 chars',
    ],
    ['#9 missing entityId', { entityId: undefined }, 'MISSING_ENTITY_ID', 'Operation UPD on TASK requires entityId'],
    ['#10 missing payload', { payload: undefined }, 'INVALID_PAYLOAD', 'Missing payload'],
    [
      '#11 task-time payload',
      { actionType: '[TimeTracking] Sync time spent', payload: { taskId: 't1', date: '2025-02-30', duration: 5 } },
      'INVALID_PAYLOAD',
      'Invalid task-time sync payload',
    ],
    ['#12 schema version', { schemaVersion: 0 }, 'INVALID_SCHEMA_VERSION', 'Invalid schema version: 0'],
    ['#13 timestamp', { timestamp: 2 ** 53 }, 'INVALID_TIMESTAMP', 'Invalid timestamp'],
    [
      '#14 clock shape',
      { vectorClock: [] as unknown as Record<string, unknown> },
      'INVALID_VECTOR_CLOCK',
      'Vector clock must be an object',
    ],
    [
      '#14 clock size',
      { vectorClock: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 1])) },
      'INVALID_VECTOR_CLOCK',
      'Vector clock has too many entries (51, max 50)',
    ],
    [
      '#15 depth',
      { payload: JSON.parse(`${'{"a":'.repeat(21)}1${'}'.repeat(21)}`) },
      'INVALID_PAYLOAD',
      'Payload too complex (max depth 20, max keys 20000)',
    ],
    ['#17 DEL shape', { opType: 'DEL', payload: 5 }, 'INVALID_PAYLOAD', 'DEL payload must be null, an object, or an encrypted string'],
    ['#17 object shape', { payload: [1] }, 'INVALID_PAYLOAD', 'UPD payload must be a non-null object'],
    [
      '#17 BATCH entities',
      { opType: 'BATCH', payload: { entities: [] } },
      'INVALID_PAYLOAD',
      'BATCH entities must be an object keyed by ID',
    ],
  ])('%s', (_label, overrides, errorCode, error) => {
    expect(check(overrides)).toEqual({ errorCode, error });
  });

  it('#16 refuses a payload over 20 MiB by its encoded size', () => {
    expect(check({}, 20 * 1024 * 1024 + 1)).toEqual({ errorCode: 'PAYLOAD_TOO_LARGE', error: 'Payload too large' });
    expect(check({}, 20 * 1024 * 1024)).toBeNull();
  });

  it('relaxes entityId and complexity for bulk and full-state ops', () => {
    expect(check({ entityType: 'ALL', entityId: undefined })).toBeNull();
    expect(
      check({
        opType: 'SYNC_IMPORT',
        entityType: 'ALL',
        entityId: undefined,
        payload: JSON.parse(`${'{"a":'.repeat(49)}1${'}'.repeat(49)}`),
      }),
    ).toBeNull();
  });

  it('accepts valid task-time payloads, directly or under actionPayload, and skips the check for ciphertext', () => {
    const action = '[TimeTracking] Sync time spent';
    expect(check({ actionType: action, payload: { taskId: 't1', date: '2024-02-29', duration: 0 } })).toBeNull();
    expect(check({ actionType: action, payload: { actionPayload: { taskId: 't1', date: '2024-12-31', duration: 60 } } })).toBeNull();
    expect(check({ actionType: action, payload: 'c2VjcmV0', isPayloadEncrypted: true })).toBeNull();
  });

  it('the first failing rule decides', () => {
    expect(check({ clientId: 'B', opType: 'XYZ', schemaVersion: 0 })?.errorCode).toBe('INVALID_CLIENT_ID');
    expect(check({ opType: 'XYZ', schemaVersion: 0 })?.errorCode).toBe('INVALID_OP_TYPE');
  });
});

import { ApiError, OpaqueBodyPipe } from '../../../common';
import { AppConfig } from '../../../config';
import { acceptedUploadEnvelope } from './upload-envelope';
import { UploadOpsDto } from './upload-ops.dto';

/** The DTO path alone: what the fast path must agree with. */
class DtoValidation extends OpaqueBodyPipe<UploadOpsDto> {
  transform(body: unknown): Promise<UploadOpsDto> {
    return this.validate(body, UploadOpsDto);
  }
}

const dto = new DtoValidation({ isProduction: false } as AppConfig);

const fullOp = {
  id: '019a0000-0000-7000-8000-000000000001',
  clientId: 'A',
  actionType: '[Task] Update Task',
  opType: 'UPD',
  entityType: 'TASK',
  entityId: 'task-1',
  entityIds: ['task-1', 'task-2'],
  payload: 'opaque',
  vectorClock: { A: 1 },
  timestamp: 1_760_000_000_000,
  schemaVersion: 4,
  isPayloadEncrypted: true,
  syncImportReason: 'FILE_IMPORT',
  repairBaseServerSeq: 3,
};
const {
  entityId: _e,
  entityIds: _ids,
  payload: _p,
  isPayloadEncrypted: _i,
  syncImportReason: _s,
  repairBaseServerSeq: _r,
  ...minimalOp
} = fullOp;
const body = (ops: unknown[], extra: Record<string, unknown> = {}) => ({
  ops,
  clientId: 'A',
  lastKnownServerSeq: 7,
  requestId: 'req-1',
  ...extra,
});

/** Values that break some rule of some field, and values near the bounds that are valid for most. */
const PROBES: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  'x'.repeat(255),
  'x'.repeat(256),
  'x'.repeat(4096),
  'x'.repeat(4097),
  '😀'.repeat(2048),
  '😀'.repeat(2049),
  'a\u0000b',
  'a\ud800b',
  0,
  -1,
  1.5,
  2_147_483_648,
  Number.MAX_SAFE_INTEGER + 1,
  true,
  [],
  ['x'],
  ['a\u0000'],
  Array.from({ length: 2001 }, () => 'e'),
  {},
  { A: 1 },
  'PASSWORD_CHANGED',
  'NOT_A_REASON',
  'has.dot',
];

function variants(): { name: string; body: unknown }[] {
  const all: { name: string; body: unknown }[] = [
    { name: 'full op', body: body([fullOp]) },
    { name: 'minimal op, no optional request fields', body: { ops: [minimalOp], clientId: 'A' } },
    { name: 'unknown fields', body: body([{ ...fullOp, extra: 1 }], { extra: { x: 1 } }) },
    { name: 'payload null', body: body([{ ...fullOp, payload: null }]) },
    { name: 'no ops', body: body([]) },
    { name: '100 ops', body: body(Array.from({ length: 100 }, () => minimalOp)) },
    { name: 'op not an object', body: body([minimalOp, 'op']) },
    { name: 'op null', body: body([null]) },
    { name: 'body an array', body: [minimalOp] },
    { name: 'body null', body: null },
  ];
  for (const value of PROBES) {
    for (const field of [...Object.keys(fullOp), 'payload']) {
      all.push({ name: `op.${field} = ${JSON.stringify(value)?.slice(0, 20)}`, body: body([{ ...fullOp, [field]: value }]) });
    }
    for (const field of ['ops', 'clientId', 'lastKnownServerSeq', 'requestId']) {
      all.push({ name: `${field} = ${JSON.stringify(value)?.slice(0, 20)}`, body: body([minimalOp], { [field]: value }) });
    }
  }
  return all;
}

describe('acceptedUploadEnvelope (the fast path of the upload envelope check)', () => {
  it('accepts only bodies the DTO accepts, and then yields what the DTO yields', async () => {
    let fastAccepted = 0;
    for (const { name, body: input } of variants()) {
      const fast = acceptedUploadEnvelope(input);
      const slow = await dto.transform(input).then(
        (value) => value,
        (error: unknown) => {
          if (!(error instanceof ApiError)) throw error;
          return undefined;
        },
      );
      if (fast === undefined) continue;
      fastAccepted++;
      // A DTO instance and a plain object with the same own fields: compare as data.
      expect({ name, value: JSON.parse(JSON.stringify(fast)) }).toEqual({ name, value: JSON.parse(JSON.stringify(slow ?? null)) });
    }
    // The fast path does carry the valid bodies (not "always ask the DTO").
    expect(fastAccepted).toBeGreaterThan(50);
  });

  it('keeps the payload as parsed, present only when the body has it', () => {
    const payload = { deep: { constructor: 1 } };
    expect(acceptedUploadEnvelope(body([{ ...fullOp, payload }]))?.ops[0].payload).toBe(payload);
    expect(Object.hasOwn(acceptedUploadEnvelope(body([minimalOp]))!.ops[0], 'payload')).toBe(false);
  });

  it('drops unknown fields as the DTO does', () => {
    const accepted = acceptedUploadEnvelope(body([{ ...fullOp, extra: 1 }], { extra: 2 }))!;
    expect(Object.keys(accepted)).not.toContain('extra');
    expect(Object.keys(accepted.ops[0])).not.toContain('extra');
  });
});

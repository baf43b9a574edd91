import { RequestDedupService } from '../request-dedup.service';
import { canonicalJson } from './canonical-json';

describe('canonical JSON and request fingerprints (§4.3, §4.4)', () => {
  it('ignores key order at every level and leaves out undefined members, like JSON.stringify', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(canonicalJson([undefined, 'x'])).toBe('[null,"x"]');
    expect(canonicalJson(JSON.parse('{"__proto__":{"a":1}}'))).toBe('{"__proto__":{"a":1}}');
  });

  it('fingerprints ops without their ciphertext and without cursor or requestId', () => {
    const op = { id: '1', isPayloadEncrypted: true, payload: 'c2VjcmV0' };
    expect(RequestDedupService.opsFingerprint('A', [op])).toBe(RequestDedupService.opsFingerprint('A', [{ ...op, payload: 'b3RoZXI=' }]));
    expect(RequestDedupService.opsFingerprint('A', [op])).not.toBe(RequestDedupService.opsFingerprint('B', [op]));
    const plain = { id: '1', payload: { a: 1 } };
    expect(RequestDedupService.opsFingerprint('A', [plain])).not.toBe(
      RequestDedupService.opsFingerprint('A', [{ ...plain, payload: { a: 2 } }]),
    );
  });

  it('fingerprints snapshots with the effective clean-slate flag and without requestId', () => {
    const body = { state: 'c2VjcmV0', isPayloadEncrypted: true, clientId: 'A', snapshotOpType: 'REPAIR', requestId: 'r1' };
    const repairSentAsCleanSlate = RequestDedupService.snapshotFingerprint({ ...body, isCleanSlate: true, requestId: 'r2' }, false);
    expect(repairSentAsCleanSlate).toBe(RequestDedupService.snapshotFingerprint(body, false));
    expect(RequestDedupService.snapshotFingerprint({ ...body, state: 'b3RoZXI=' }, false)).toBe(
      RequestDedupService.snapshotFingerprint(body, false),
    );
  });
});

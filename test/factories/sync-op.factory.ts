import { v7 as uuidv7 } from 'uuid';
import { ciphertext, encryptedOp } from '../../scripts/bench/encrypted-ops';
import { IncomingOp } from '../../src/operations/domain/op-record';

/** An op as the Super Productivity client uploads it (protocol spec §2.3). */
export type WireOp = IncomingOp;

export { ciphertext, encryptedOp };

/** The same op in plaintext (for servers running with E2EE_REQUIRED=false). */
export function plaintextOp(clientId: string, payload: unknown, overrides: Partial<WireOp> = {}): WireOp {
  return encryptedOp(clientId, { payload, isPayloadEncrypted: false, ...overrides });
}

/** A snapshot upload body (§3.3) carrying ciphertext as `state`. */
export function encryptedSnapshot(clientId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    state: ciphertext(64),
    clientId,
    reason: 'recovery',
    vectorClock: { [clientId]: 1 },
    schemaVersion: 4,
    isPayloadEncrypted: true,
    opId: uuidv7(),
    ...overrides,
  };
}

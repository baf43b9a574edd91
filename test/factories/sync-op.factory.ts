import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { IncomingOp } from '../../src/operations/domain/op-record';

/** An op as the Super Productivity client uploads it (protocol spec §2.3). */
export type WireOp = IncomingOp;

/** What passes the E2EE gate: canonical base64 of random bytes (at least 28, like an IV + tag + data). */
export function ciphertext(bytes = 48): string {
  if (bytes < 28) throw new Error('ciphertext needs at least 28 bytes to pass the E2EE gate');
  return randomBytes(bytes).toString('base64');
}

/** A valid encrypted TASK update from `clientId`, with a fresh UUIDv7 id and a clock of {clientId: 1}. */
export function encryptedOp(clientId: string, overrides: Partial<WireOp> = {}): WireOp {
  return {
    id: uuidv7(),
    clientId,
    actionType: '[Task] Update Task',
    opType: 'UPD',
    entityType: 'TASK',
    entityId: `task-${randomBytes(4).toString('hex')}`,
    payload: ciphertext(),
    vectorClock: { [clientId]: 1 },
    timestamp: Date.now(),
    schemaVersion: 4,
    isPayloadEncrypted: true,
    ...overrides,
  };
}

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

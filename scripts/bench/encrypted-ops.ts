import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { IncomingOp } from '../../src/operations';

/**
 * Valid end-to-end-encrypted ops as the Super Productivity client uploads them (protocol spec §2.3).
 * Shared by the benchmark and the e2e test factories (the benchmark is compiled into the image,
 * which has no test/ folder, so the builder lives here).
 */

/** What passes the E2EE gate: canonical base64 of random bytes (at least 28, like an IV + tag + data). */
export function ciphertext(bytes = 48): string {
  if (bytes < 28) throw new Error('ciphertext needs at least 28 bytes to pass the E2EE gate');
  return randomBytes(bytes).toString('base64');
}

/** A valid encrypted TASK update from `clientId`, with a fresh UUIDv7 id and a clock of {clientId: 1}. */
export function encryptedOp(clientId: string, overrides: Partial<IncomingOp> = {}): IncomingOp {
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

/** `count` ops of one client, each on its own task, with the client's counter increasing. */
export function makeOps(clientId: string, firstCounter: number, count: number): IncomingOp[] {
  return Array.from({ length: count }, (_, i) => {
    const counter = firstCounter + i;
    return encryptedOp(clientId, { entityId: `task-${clientId}-${counter}`, vectorClock: { [clientId]: counter }, payload: ciphertext(160) });
  });
}

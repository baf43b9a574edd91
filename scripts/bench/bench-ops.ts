import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** One valid, end-to-end-encrypted op as the Super Productivity client uploads it. */
export interface WireOp {
  id: string;
  clientId: string;
  actionType: string;
  opType: string;
  entityType: string;
  entityId: string;
  payload: string;
  vectorClock: Record<string, number>;
  timestamp: number;
  schemaVersion: number;
  isPayloadEncrypted: true;
}

/** Ciphertext-shaped payload: canonical base64 of random bytes (the E2EE gate wants ≥ 28). */
export const encryptedPayload = (bytes = 160) => randomBytes(bytes).toString('base64');

/** `count` ops of one client, each on its own task, with the client's counter increasing. */
export function makeOps(clientId: string, firstCounter: number, count: number): WireOp[] {
  return Array.from({ length: count }, (_, i) => {
    const counter = firstCounter + i;
    return {
      id: uuidv7(),
      clientId,
      actionType: '[Task] Update Task',
      opType: 'UPD',
      entityType: 'TASK',
      entityId: `task-${clientId}-${counter}`,
      payload: encryptedPayload(),
      vectorClock: { [clientId]: counter },
      timestamp: Date.now(),
      schemaVersion: 4,
      isPayloadEncrypted: true,
    };
  });
}

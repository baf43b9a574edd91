import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { IncomingOp } from '../../src/operations';

/**
 * The benchmark's upload batches: `count` encrypted ops of one client (protocol spec §2.3), each on
 * its own task, with the client's counter increasing and a realistic 160-byte ciphertext payload.
 * The e2e factories build their ops themselves: the benchmark ships in the image, the tests do not.
 */
export function makeOps(clientId: string, firstCounter: number, count: number): IncomingOp[] {
  return Array.from({ length: count }, (_, i) => {
    const counter = firstCounter + i;
    return {
      id: uuidv7(),
      clientId,
      actionType: '[Task] Update Task',
      opType: 'UPD',
      entityType: 'TASK',
      entityId: `task-${clientId}-${counter}`,
      payload: randomBytes(160).toString('base64'),
      vectorClock: { [clientId]: counter },
      timestamp: Date.now(),
      schemaVersion: 4,
      isPayloadEncrypted: true,
    };
  });
}

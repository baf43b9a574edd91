import { randomBytes, randomUUID } from 'node:crypto';
import { TestApp } from '../helpers/test-app';

export type Permission = 'READ' | 'WRITE' | 'OWN';

/**
 * A store owned by `ownerId` (its OWN member), written straight into the tables: the log tests need
 * stores of both kinds without depending on the blob routes.
 */
export async function createStore(t: Pick<TestApp, 'prisma'>, ownerId: number, kind: 'log' | 'blob' = 'log'): Promise<string> {
  const id = randomUUID();
  await t.prisma.store.create({
    data: {
      id,
      kind,
      ownerId,
      token: randomBytes(16).toString('hex'),
      ...(kind === 'blob' ? { data: '' } : {}),
      members: { create: { userId: ownerId, permission: 'OWN' } },
    },
  });
  return id;
}

/** Makes `userId` a member of the store. */
export async function addMember(
  t: Pick<TestApp, 'prisma'>,
  storeId: string,
  userId: number,
  permission: Permission,
  syncEnabled = true,
): Promise<void> {
  await t.prisma.storeMember.create({ data: { storeId, userId, permission, syncEnabled } });
}

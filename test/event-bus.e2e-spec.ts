import { EventBus } from '../src/event-bus/event-bus';
import { ServerEvent } from '../src/event-bus/server-events';
import { EventListener } from './helpers/event-listener';
import { createTestApp, TestApp } from './helpers/test-app';

describe('EventBus (NOTIFY on commit)', () => {
  let t: TestApp;
  let listener: EventListener;
  beforeAll(async () => {
    t = await createTestApp();
    listener = await EventListener.start(t.db.url);
  });
  afterAll(async () => {
    await listener.stop();
    await t.close();
  });

  it('delivers an event published in a transaction only when it commits', async () => {
    const committed: ServerEvent = { type: 'new_ops', userId: 1, latestSeq: 7, excludeClientId: 'A' };
    const rolledBack: ServerEvent = { type: 'new_ops', userId: 1, latestSeq: 8, excludeClientId: 'A' };
    await t.prisma.$transaction((tx) => t.get(EventBus).publish(committed, tx));
    await expect(
      t.prisma.$transaction(async (tx) => {
        await t.get(EventBus).publish(rolledBack, tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await listener.caughtUp();
    expect(listener.heard).toEqual([committed]);
  });
});

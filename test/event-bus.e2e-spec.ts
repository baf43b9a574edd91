import { Client } from 'pg';
import { EventBus } from '../src/event-bus/event-bus';
import { EVENTS_CHANNEL, ServerEvent } from '../src/event-bus/server-events';
import { createTestApp, TestApp } from './helpers/test-app';

describe('EventBus (NOTIFY on commit)', () => {
  let t: TestApp;
  let listener: Client;
  const heard: ServerEvent[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    listener = new Client({ connectionString: t.db.url });
    await listener.connect();
    listener.on('notification', (n) => heard.push(JSON.parse(n.payload!)));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await t.close();
  });

  const settle = () => new Promise((r) => setTimeout(r, 150));

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
    await settle();
    expect(heard).toEqual([committed]);
  });
});

import type { ClientOptions } from 'ws';
import { SOCKET_TIMING, SocketTiming } from '../src/events/socket-timing';
import { createVerifiedUser, TestUser } from './factories/user.factory';
import { SocketTestCluster } from './helpers/socket-cluster';
import { TestApp } from './helpers/test-app';
import { sleep, waitUntil } from './helpers/waiting';

/** The production logic on faster clocks: a tick every 300 ms, dead after 1.5 s, 2 s reconnect cooldown. */
const FAST: SocketTiming = { pingIntervalMs: 300, livenessTimeoutMs: 1500, reconnectCooldownMs: 2000 };

describe('sync socket GET /api/sync/ws (protocol spec §5)', () => {
  let t: TestApp;
  const cluster = SocketTestCluster.forTests(1, ([app]) => (t = app), { providerOverrides: [{ provide: SOCKET_TIMING, useValue: FAST }] });
  const connect = (user: TestUser, clientId: string, options?: ClientOptions) => cluster.connect(t, user.token, clientId, options);
  const attempt = (query: Record<string, string>) => cluster.attempt(t, query);

  describe('handshake (P-76, A-53)', () => {
    it('P-76 A-53 closes a socket without a token with 4001 "Missing token" after the upgrade', async () => {
      for (const query of [{ clientId: 'E_noToken' }, { token: '', clientId: 'E_emptyToken' }] as Record<string, string>[]) {
        const client = await attempt(query);
        expect(await client.waitForClose()).toEqual({ code: 4001, reason: 'Missing token' });
      }
    });

    it('P-76 A-53 closes a socket with an invalid, foreign-signed or revoked token with 4003 "Invalid token"', async () => {
      const revoked = await createVerifiedUser(t);
      await t.prisma.user.update({ where: { id: revoked.id }, data: { tokenVersion: 1 } });
      const unverified = await createVerifiedUser(t, { isVerified: 0 });
      const foreign = (await createVerifiedUser(t)).token.replace(/\.[^.]+$/, '.c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ');
      for (const token of ['not-a-jwt', foreign, revoked.token, unverified.token]) {
        const client = await attempt({ token, clientId: 'E_client' });
        expect(await client.waitForClose()).toEqual({ code: 4003, reason: 'Invalid token' });
      }
    });

    it('closes a socket with a malformed clientId with 4001 "Invalid clientId" before looking at the token', async () => {
      const user = await createVerifiedUser(t);
      for (const clientId of [undefined, '', 'has space', 'x'.repeat(256)]) {
        const client = await attempt(clientId === undefined ? { token: user.token } : { token: user.token, clientId });
        expect(await client.waitForClose()).toEqual({ code: 4001, reason: 'Invalid clientId' });
      }
      const both = await attempt({ token: 'not-a-jwt', clientId: 'bad id' });
      expect(await both.waitForClose()).toEqual({ code: 4001, reason: 'Invalid clientId' });
    });

    it('P-76 greets an accepted socket with {"type":"connected","userId","timestamp"} as its first message', async () => {
      const user = await createVerifiedUser(t);
      const before = Date.now();
      const client = await connect(user, 'E_greeted-1');
      await client.roundTrip();
      expect(client.messages[0]).toEqual({ type: 'connected', userId: user.id, timestamp: expect.any(Number) });
      expect(client.messages[0].timestamp).toBeGreaterThanOrEqual(before - 1000);
      expect(client.closeEvent).toBeUndefined();
    });
  });

  describe('liveness (P-78)', () => {
    it('P-78 sends {"type":"ping","timestamp"} with a protocol ping frame at every tick', async () => {
      const user = await createVerifiedUser(t);
      const client = await connect(user, 'E_pinged');
      let frames = 0;
      client.ws.on('ping', () => (frames += 1));
      await waitUntil(() => client.of('ping').length >= 3, 'three pings');
      expect(client.of('ping')[0]).toEqual({ type: 'ping', timestamp: expect.any(Number) });
      expect(frames).toBeGreaterThanOrEqual(2);
    });

    it('P-78 closes a socket that answers neither app-level pings nor ping frames', async () => {
      const user = await createVerifiedUser(t);
      const silent = await connect(user, 'E_silent', { autoPong: false });
      expect((await silent.waitForClose()).code).toBe(1006); // cut off: no closing handshake with a dead peer
      expect(silent.of('ping').length).toBeGreaterThanOrEqual(1);
    });

    it('P-78 keeps a socket that answers only with {"type":"pong"} messages, and one that answers only ping frames', async () => {
      const user = await createVerifiedUser(t);
      const appPong = await connect(user, 'E_appPong', { autoPong: false });
      appPong.ws.on('message', (data) => {
        if (JSON.parse(data.toString()).type === 'ping') appPong.send({ type: 'pong' });
      });
      const framePong = await connect(user, 'E_framePong');
      // Heartbeat ticks spanning three liveness timeouts, counted by the pings appPong receives (each
      // tick also checks both sockets): one that did not count as alive would be gone by then.
      const ticks = Math.ceil((3 * FAST.livenessTimeoutMs) / FAST.pingIntervalMs) + 1;
      await waitUntil(() => appPong.of('ping').length >= ticks, `${ticks} heartbeat ticks`, 30_000);
      await Promise.all([appPong.roundTrip(), framePong.roundTrip()]);
      expect(appPong.closeEvent).toBeUndefined();
      expect(framePong.closeEvent).toBeUndefined();
      expect(appPong.of('ping').length).toBeGreaterThanOrEqual(5);
    });
  });

  describe('admission (P-79)', () => {
    it('P-79 closes a user\'s 11th simultaneous socket with 4008 "Too many connections"', async () => {
      const user = await createVerifiedUser(t);
      for (let i = 1; i <= 10; i++) await connect(user, `E_many-${i}`);
      const eleventh = await attempt({ token: user.token, clientId: 'E_many-11' });
      expect(await eleventh.waitForClose()).toEqual({ code: 4008, reason: 'Too many connections' });
      const otherUser = await createVerifiedUser(t);
      await connect(otherUser, 'E_many-11');
    });

    it('P-79 a second socket with the same clientId after the cooldown replaces the first, which is closed with 4009', async () => {
      const user = await createVerifiedUser(t);
      const first = await connect(user, 'E_same');
      await sleep(FAST.reconnectCooldownMs + 300);
      const second = await connect(user, 'E_same');
      expect(await first.waitForClose()).toEqual({ code: 4009, reason: 'Replaced by newer connection' });
      await second.roundTrip();
      expect(second.closeEvent).toBeUndefined();
    });

    it('refuses a reconnect of the same clientId inside the cooldown with 4008 "Reconnecting too fast", and each refusal extends it', async () => {
      const cooldown = FAST.reconnectCooldownMs;
      const user = await createVerifiedUser(t);
      const incumbent = await connect(user, 'E_fast');
      await sleep(0.6 * cooldown);
      const tooSoon = await attempt({ token: user.token, clientId: 'E_fast' });
      expect(await tooSoon.waitForClose()).toEqual({ code: 4008, reason: 'Reconnecting too fast' });
      // Now past the incumbent's own cooldown, but inside the one the refusal restarted.
      await sleep(0.6 * cooldown);
      const stillTooSoon = await attempt({ token: user.token, clientId: 'E_fast' });
      expect(await stillTooSoon.waitForClose()).toEqual({ code: 4008, reason: 'Reconnecting too fast' });
      await incumbent.roundTrip();
      expect(incumbent.closeEvent).toBeUndefined();
      await sleep(1.2 * cooldown);
      await connect(user, 'E_fast');
      expect(await incumbent.waitForClose()).toMatchObject({ code: 4009 });
    });
  });

  describe('inbound messages', () => {
    it('ignores unknown and non-JSON messages', async () => {
      const user = await createVerifiedUser(t);
      const client = await connect(user, 'E_chatty');
      client.send('not json at all');
      client.send({ type: 'subscribe', channel: 'everything' });
      client.send(Buffer.from([1, 2, 3]));
      client.ws.ping();
      await waitUntil(() => client.of('ping').length >= 2, 'two pings after the noise');
      expect(client.closeEvent).toBeUndefined();
    });

    it('closes a socket that sends a message larger than 1024 bytes (1009), and accepts 1024 bytes', async () => {
      const user = await createVerifiedUser(t);
      const client = await connect(user, 'E_big');
      client.send('x'.repeat(1024));
      await waitUntil(() => client.of('ping').length >= 1, 'a ping after the largest allowed message');
      expect(client.closeEvent).toBeUndefined();
      client.send('x'.repeat(1025));
      expect((await client.waitForClose()).code).toBe(1009);
    });
  });

  it('reports the open sockets of the instance as wsConnections on /health', async () => {
    const count = async () => (await t.http().get('/health').expect(200)).body.wsConnections as number;
    // Sockets of earlier tests are closed after each test; start from none.
    await waitUntil(async () => (await count()) === 0, 'no open sockets');
    const user = await createVerifiedUser(t);
    const a = await connect(user, 'E_health-a');
    await connect(user, 'E_health-b');
    expect(await count()).toBe(2);
    a.close();
    await waitUntil(async () => (await count()) === 1, 'the closed socket to be counted out');
    await attempt({ token: 'not-a-jwt', clientId: 'E_health-c' }).then((refused) => refused.waitForClose());
    expect(await count()).toBe(1);
  });
});

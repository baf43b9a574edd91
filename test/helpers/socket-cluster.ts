import type { ClientOptions } from 'ws';
import { EventBus } from '../../src/event-bus/event-bus';
import { createVerifiedUser, TestUser } from '../factories/user.factory';
import { SocketClient, listenForSockets, socketUrl } from './socket-client';
import { createTestApp, TestApp, TestAppOptions } from './test-app';
import { waitUntil } from './waiting';

/**
 * App instances on one database, each serving sockets on its own port, as behind a load balancer.
 * Sockets opened through it are closed by closeSockets() (call it after each test).
 */
export class SocketTestCluster {
  private readonly bases = new Map<TestApp, string>();
  private readonly open: SocketClient[] = [];
  /** A user of its own with one socket per instance, which hears the sentinel of caughtUp(). */
  private sentinel?: { user: TestUser; sockets: SocketClient[]; rounds: number };

  /** Registers a test file's hooks: start before all, close the sockets after each test, stop after all. */
  static forTests(count: number, started: (apps: TestApp[]) => void, options: TestAppOptions = {}): SocketTestCluster {
    const cluster = new SocketTestCluster();
    beforeAll(async () => started(await cluster.start(count, options)));
    afterEach(() => cluster.closeSockets());
    afterAll(() => cluster.stop());
    return cluster;
  }

  async start(count: number, options: TestAppOptions = {}): Promise<TestApp[]> {
    const first = await createTestApp(options);
    const apps = [first];
    while (apps.length < count) apps.push(await createTestApp({ ...options, db: first.db }));
    for (const app of apps) this.bases.set(app, await listenForSockets(app));
    return apps;
  }

  base(app: TestApp): string {
    return this.bases.get(app)!;
  }

  /** A socket the instance accepted (greeted with `connected`). */
  async connect(app: TestApp, token: string, clientId: string, options?: ClientOptions): Promise<SocketClient> {
    return this.track(await SocketClient.connect(this.base(app), token, clientId, options));
  }

  /** An upgrade with any query: the server's verdict arrives as messages or a close. */
  async attempt(app: TestApp, query: Record<string, string>): Promise<SocketClient> {
    return this.track(await SocketClient.open(socketUrl(this.base(app), query)));
  }

  /**
   * The sentinel of absence checks: resolves once every instance has acted on every ServerEvent
   * committed before the call, and each `watched` socket has received what that made the server send
   * it. A new_ops for the sentinel user travels the same way as the events under test (NOTIFY in commit
   * order, each instance's one listener, the same debounce window, started later) to its socket on
   * every instance; then a ping round trip on each watched socket flushes what the server wrote to it.
   */
  async caughtUp(watched: SocketClient[] = []): Promise<void> {
    const apps = [...this.bases.keys()];
    this.sentinel ??= await this.sentinelOn(apps);
    const { user, sockets } = this.sentinel;
    const round = ++this.sentinel.rounds;
    await apps[0].get(EventBus).publish({ type: 'new_ops', userId: user.id, latestSeq: round, excludeClientId: 'Z_nobody' });
    await Promise.all(
      sockets.map((socket) =>
        waitUntil(() => socket.of('new_ops').some((m) => m.latestSeq === round), `sentinel ${round} on every instance`),
      ),
    );
    await Promise.all(watched.map((socket) => socket.roundTrip()));
  }

  closeSockets(): void {
    for (const client of this.open.splice(0)) client.close();
  }

  /** Closes the instances, the one owning the database last. */
  async stop(): Promise<void> {
    for (const socket of this.sentinel?.sockets ?? []) socket.close();
    for (const app of [...this.bases.keys()].reverse()) await app.close();
  }

  private async sentinelOn(apps: TestApp[]) {
    const user = await createVerifiedUser(apps[0]);
    const sockets = await Promise.all(apps.map((app, i) => SocketClient.connect(this.base(app), user.token, `Z_sentinel-${i}`)));
    return { user, sockets, rounds: 0 };
  }

  private track(client: SocketClient): SocketClient {
    this.open.push(client);
    return client;
  }
}

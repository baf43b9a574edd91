import type { ClientOptions } from 'ws';
import { SocketClient, listenForSockets, socketUrl } from './socket-client';
import { createTestApp, TestApp, TestAppOptions } from './test-app';

/**
 * App instances on one database, each serving sockets on its own port, as behind a load balancer.
 * Sockets opened through it are closed by closeSockets() (call it after each test).
 */
export class SocketTestCluster {
  private readonly bases = new Map<TestApp, string>();
  private readonly open: SocketClient[] = [];

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

  closeSockets(): void {
    for (const client of this.open.splice(0)) client.close();
  }

  /** Closes the instances, the one owning the database last. */
  async stop(): Promise<void> {
    for (const app of [...this.bases.keys()].reverse()) await app.close();
  }

  private track(client: SocketClient): SocketClient {
    this.open.push(client);
    return client;
  }
}

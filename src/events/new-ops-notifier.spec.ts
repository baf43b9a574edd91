import { WebSocket } from 'ws';
import { ConnectionsGauge } from '../metrics';
import { NewOpsNotifier } from './new-ops-notifier';
import { SocketRegistry } from './socket-registry';
import { SYNC_SOCKET_TIMING } from './socket-timing';
import { SyncSocket } from './sync-socket';

describe('NewOpsNotifier: per-user debounce with an accumulating exclusion set (protocol spec §5.3)', () => {
  let registry: SocketRegistry;
  let notifier: NewOpsNotifier;
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    registry = new SocketRegistry(new ConnectionsGauge(), SYNC_SOCKET_TIMING);
    notifier = new NewOpsNotifier(registry);
  });
  afterEach(() => {
    notifier.onModuleDestroy();
    jest.useRealTimers();
  });

  /** An accepted socket over an open stand-in for `ws` that keeps the messages sent to it. */
  const accept = (userId: number, clientId: string) => {
    const messages: unknown[] = [];
    const ws = { readyState: WebSocket.OPEN, send: (json: string) => messages.push(JSON.parse(json)) };
    registry.admit(new SyncSocket(ws as unknown as WebSocket, userId, clientId, null, 'token', Date.now()), Date.now());
    return { sent: () => messages };
  };

  it('sends once, 100 ms after the trigger, to every socket of the user except the uploader', () => {
    const uploader = accept(1, 'A');
    const other = accept(1, 'B');
    const stranger = accept(2, 'C');
    notifier.trigger({ type: 'new_ops', userId: 1, latestSeq: 5, excludeClientId: 'A' });
    jest.advanceTimersByTime(99);
    expect(other.sent()).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(other.sent()).toEqual([{ type: 'new_ops', latestSeq: 5, timestamp: 100 }]);
    expect(uploader.sent()).toEqual([]);
    expect(stranger.sent()).toEqual([]);
  });

  it('restarts the window on a further trigger, keeps the newest latestSeq and excludes both uploaders', () => {
    const first = accept(1, 'A');
    const second = accept(1, 'B');
    const other = accept(1, 'C');
    notifier.trigger({ type: 'new_ops', userId: 1, latestSeq: 5, excludeClientId: 'A' });
    jest.advanceTimersByTime(80);
    notifier.trigger({ type: 'new_ops', userId: 1, latestSeq: 6, excludeClientId: 'B' });
    jest.advanceTimersByTime(99);
    expect(other.sent()).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(other.sent()).toEqual([{ type: 'new_ops', latestSeq: 6, timestamp: 180 }]);
    expect(first.sent()).toEqual([]);
    expect(second.sent()).toEqual([]);
  });

  it('starts a fresh exclusion set once a window has been sent', () => {
    const a = accept(1, 'A');
    const b = accept(1, 'B');
    notifier.trigger({ type: 'new_ops', userId: 1, latestSeq: 5, excludeClientId: 'A' });
    jest.advanceTimersByTime(150);
    notifier.trigger({ type: 'new_ops', userId: 1, latestSeq: 6, excludeClientId: 'B' });
    jest.advanceTimersByTime(150);
    expect(a.sent()).toEqual([{ type: 'new_ops', latestSeq: 6, timestamp: 250 }]);
    expect(b.sent()).toEqual([{ type: 'new_ops', latestSeq: 5, timestamp: 100 }]);
  });

  it('debounces each user on its own', () => {
    const one = accept(1, 'A');
    const two = accept(2, 'A');
    notifier.trigger({ type: 'new_ops', userId: 1, latestSeq: 3, excludeClientId: 'X' });
    jest.advanceTimersByTime(60);
    notifier.trigger({ type: 'new_ops', userId: 2, latestSeq: 9, excludeClientId: 'X' });
    jest.advanceTimersByTime(40);
    expect(one.sent()).toEqual([{ type: 'new_ops', latestSeq: 3, timestamp: 100 }]);
    expect(two.sent()).toEqual([]);
    jest.advanceTimersByTime(60);
    expect(two.sent()).toEqual([{ type: 'new_ops', latestSeq: 9, timestamp: 160 }]);
  });
});

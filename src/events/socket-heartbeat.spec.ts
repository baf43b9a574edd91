import { WebSocket } from 'ws';
import { ConnectionsGauge } from '../metrics';
import { SocketHeartbeat } from './socket-heartbeat';
import { SocketRegistry } from './socket-registry';
import { SYNC_SOCKET_TIMING } from './socket-timing';
import { SyncSocket } from './sync-socket';

describe('SocketHeartbeat with the production clocks (protocol spec §5.2)', () => {
  let registry: SocketRegistry;
  let heartbeat: SocketHeartbeat;
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    registry = new SocketRegistry(new ConnectionsGauge(), SYNC_SOCKET_TIMING);
    heartbeat = new SocketHeartbeat(registry, SYNC_SOCKET_TIMING);
    heartbeat.onApplicationBootstrap();
  });
  afterEach(() => {
    heartbeat.onModuleDestroy();
    jest.useRealTimers();
  });

  /** An accepted socket over an open stand-in for `ws` that records what the heartbeat does to it. */
  const accept = (clientId: string) => {
    const ws = { readyState: WebSocket.OPEN, send: jest.fn(), ping: jest.fn(), terminate: jest.fn() };
    const socket = new SyncSocket(ws as unknown as WebSocket, 1, clientId, null, 'token', Date.now());
    registry.admit(socket, Date.now());
    return { ws, socket };
  };

  it('P-78 sends an app-level ping with a protocol ping frame every 30 s', () => {
    const { ws, socket } = accept('A');
    ws.ping.mockImplementation(() => (socket.lastPongAt = Date.now()));
    jest.advanceTimersByTime(29_999);
    expect(ws.send).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(JSON.parse(ws.send.mock.calls[0][0])).toEqual({ type: 'ping', timestamp: 30_000 });
    expect(ws.ping).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(30_000);
    expect(ws.send).toHaveBeenCalledTimes(2);
  });

  it.each([0, 1, 19_999, 20_000, 29_999])('P-78 drops a socket accepted %i ms after a tick that never answers, within 70 s', (offset) => {
    jest.advanceTimersByTime(offset);
    const { ws, socket } = accept('silent');
    jest.advanceTimersByTime(70_000);
    expect(ws.terminate).toHaveBeenCalledTimes(1);
    expect(registry.socketsOf(1)).not.toContain(socket);
  });

  it('keeps a socket whose pongs answer the pings', () => {
    const { ws, socket } = accept('alive');
    ws.ping.mockImplementation(() => (socket.lastPongAt = Date.now()));
    jest.advanceTimersByTime(10 * 60_000);
    expect(ws.terminate).not.toHaveBeenCalled();
    expect(ws.ping).toHaveBeenCalledTimes(20);
  });
});

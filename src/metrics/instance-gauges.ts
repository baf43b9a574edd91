import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { PrismaService } from '../database';
import { ConnectionsGauge } from './connections.gauge';

/** State of this instance that is read when Prometheus scrapes, not counted as it happens: open sockets, the database pool. */
@Injectable()
export class InstanceGauges {
  constructor(registry: Registry, connections: ConnectionsGauge, prisma: PrismaService) {
    const registers = [registry];
    new Gauge({
      name: 'opsync_websocket_connections',
      help: 'Open sync WebSocket connections of this instance',
      registers,
      collect() {
        this.set(connections.count);
      },
    });
    new Gauge({
      name: 'opsync_db_pool_connections',
      help: 'Database pool connections by state: in_use (checked out by a query or transaction) or idle',
      labelNames: ['state'],
      registers,
      collect() {
        const usage = prisma.poolUsage();
        this.set({ state: 'in_use' }, usage.total - usage.idle);
        this.set({ state: 'idle' }, usage.idle);
      },
    });
    new Gauge({
      name: 'opsync_db_pool_max_connections',
      help: 'Size limit of the database pool',
      registers,
      collect() {
        this.set(prisma.poolUsage().max);
      },
    });
    new Gauge({
      name: 'opsync_db_pool_waiting_requests',
      help: 'Queries waiting for a free database pool connection',
      registers,
      collect() {
        this.set(prisma.poolUsage().waiting);
      },
    });
  }
}

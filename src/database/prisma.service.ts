import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { AppConfig } from '../config';
import { PrismaClient } from '../generated/prisma/client';

/** How the connection pool is used right now (read by the metrics at scrape time). */
export interface PoolUsage {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries queued for a free connection. */
  waiting: number;
  max: number;
}

/** How the pool's connections show in pg_stat_activity, so an operator (or a test) can tell them apart from the listener's. */
export const POOL_APPLICATION_NAME = 'opsync';

/** The one database client of the process (driver adapter: node-postgres, no native engine). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** Created here rather than by the adapter so its usage can be read; ended after the client disconnects. */
  private readonly pool: Pool;

  constructor(config: AppConfig) {
    if (!config.databaseUrl) throw new Error('PrismaService needs a resolved databaseUrl (main.ts starts the embedded server first)');
    const pool = new Pool({ connectionString: config.databaseUrl, application_name: POOL_APPLICATION_NAME });
    // An idle connection the server ends (restart, failover, an administrator's pg_terminate_backend)
    // is reported as an 'error' on the pool. Prisma's adapter listens only while the client is
    // connected, so between $disconnect and pool.end (shutdown, or a disconnect before a lazy
    // reconnect) an unheard one would throw and stop the process. The pool has already dropped it.
    pool.on('error', (error) => new Logger(PrismaService.name).warn(`An idle database connection was closed: ${error.message}`));
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }

  poolUsage(): PoolUsage {
    const { totalCount, idleCount, waitingCount, options } = this.pool;
    return { total: totalCount, idle: idleCount, waiting: waitingCount, max: options.max ?? 10 };
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end();
  }
}

/** A PrismaService or the client of an interactive transaction: repositories accept either. */
export type Db = Omit<PrismaService, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends' | 'onModuleDestroy' | 'poolUsage'>;

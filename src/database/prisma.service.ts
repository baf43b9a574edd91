import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { AppConfig } from '../config';
import { PrismaClient } from '../generated/prisma/client';

/** The one database client of the process (driver adapter: node-postgres, no native engine). */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    if (!config.databaseUrl) throw new Error('PrismaService needs a resolved databaseUrl (main.ts starts the embedded server first)');
    super({ adapter: new PrismaPg({ connectionString: config.databaseUrl }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** A PrismaService or the client of an interactive transaction: repositories accept either. */
export type Db = Omit<PrismaService, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends' | 'onModuleDestroy'>;

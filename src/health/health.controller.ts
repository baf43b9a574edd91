import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common';
import { PrismaService } from '../database';
import { ConnectionsGauge } from '../metrics';
import { NoRateLimit } from '../rate-limit';

/** A probe that hangs is as bad as a failed one: give the database this long to answer. */
const DB_CHECK_TIMEOUT_MS = 3000;

/** Liveness + database check for Docker, compose and load balancers (accounts spec §3.19). */
@Controller('health')
@Public()
@NoRateLimit()
export class HealthController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly connections: ConnectionsGauge,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'Up, database connected: `{ status: "ok", db: "connected", wsConnections }`.' })
  @ApiServiceUnavailableResponse({ description: 'Database not answering: `{ status: "error", db: "disconnected", message }`.' })
  async check(@Res() res: Response): Promise<void> {
    try {
      await this.pingDatabase();
      res.status(200).json({ status: 'ok', db: 'connected', wsConnections: this.connections.count });
    } catch {
      res.status(503).json({ status: 'error', db: 'disconnected', message: 'Database is not answering' });
    }
  }

  private async pingDatabase(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database check timed out')), DB_CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.prisma.$queryRaw`SELECT 1`, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

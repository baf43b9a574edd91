import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppConfig } from '../../config';
import { METRICS_PATH } from '../metrics-path';
import { MetricsExposition } from './metrics-exposition';

/** Loopback only: whoever can reach this port is on the host, so no token is asked. */
const LOOPBACK = '127.0.0.1';

/**
 * The METRICS_PORT listener (opsync-api.md §11): a plain HTTP server on 127.0.0.1 that serves only
 * /metrics, outside the app's pipeline (no token, no rate limit, not in the request counters). Started
 * with the app and closed before it: a taken port stops the start with the listen error.
 */
@Injectable()
export class MetricsPortServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private readonly server = http.createServer((req, res) => void this.answer(req, res));

  constructor(
    private readonly config: AppConfig,
    private readonly exposition: MetricsExposition,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.config.metrics.port, LOOPBACK, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.logger.log(`Metrics served on http://${LOOPBACK}:${this.address.port}${METRICS_PATH}`);
  }

  /** Where it listens (the port is the OS's choice when METRICS_PORT is 0). */
  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections(); // Prometheus keeps its connection alive between scrapes
    await closed;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Only GET ${METRICS_PATH} is served here\n`);
      return;
    }
    try {
      const body = await this.exposition.render();
      res.writeHead(200, { 'Content-Type': this.exposition.contentType }).end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      this.logger.error(`Metrics could not be collected: ${error instanceof Error ? error.message : String(error)}`);
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Metrics could not be collected\n');
    }
  }
}

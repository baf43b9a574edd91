import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** How downloaded ops left: a GET /api/sync/ops page, or the piggyback of an upload's answer. */
export type DownloadChannel = 'download' | 'piggyback';

/** The op traffic of the sync protocol; the operations module reports it here (features may import metrics, not the reverse). */
@Injectable()
export class SyncMetrics {
  private readonly uploaded: Counter<'outcome'>;
  private readonly downloaded: Counter<'via'>;
  private readonly batchSize: Histogram;

  constructor(registry: Registry) {
    this.uploaded = new Counter({
      name: 'opsync_ops_uploaded_total',
      help: 'Uploaded ops by outcome: accepted (stored) or rejected (duplicate, conflict, invalid, ...)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.downloaded = new Counter({
      name: 'opsync_ops_downloaded_total',
      help: 'Ops sent to clients, by download page or upload piggyback',
      labelNames: ['via'],
      registers: [registry],
    });
    this.batchSize = new Histogram({
      name: 'opsync_upload_batch_size',
      help: 'Ops per upload request (at most 100)',
      buckets: [1, 2, 5, 10, 20, 50, 100],
      registers: [registry],
    });
  }

  /** One upload request about to be decided (a replayed requestId is not a new batch). */
  batchReceived(size: number): void {
    this.batchSize.observe(size);
  }

  opsDecided(accepted: number, rejected: number): void {
    this.uploaded.inc({ outcome: 'accepted' }, accepted);
    this.uploaded.inc({ outcome: 'rejected' }, rejected);
  }

  opsSent(count: number, via: DownloadChannel): void {
    this.downloaded.inc({ via }, count);
  }
}

import { Injectable } from '@nestjs/common';

/** Open WebSocket connections of this instance, reported by /health and /metrics. The events module keeps it. */
@Injectable()
export class ConnectionsGauge {
  private open = 0;

  opened(): void {
    this.open += 1;
  }

  closed(): void {
    this.open = Math.max(0, this.open - 1);
  }

  get count(): number {
    return this.open;
  }
}

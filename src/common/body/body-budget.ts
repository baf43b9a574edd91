/**
 * The process-wide allowance for request bodies held in memory: bytes read off the wire, inflated, and
 * kept until the response has gone. One per process (issue 10: 96 concurrent bodies must not take the
 * heap past the container's limit). Each request takes a lease and grows it chunk by chunk; a grant that
 * would pass the total is refused, and the request is answered 503 instead of buffering more.
 */
export class BodyBudget {
  private used = 0;

  constructor(readonly totalBytes: number) {}

  /** Bytes currently granted (for tests and the hostile-mix script). */
  get inUse(): number {
    return this.used;
  }

  lease(): BodyLease {
    return new BodyLease(this);
  }

  /** Whether `bytes` more could be granted now (nothing is taken). */
  fits(bytes: number): boolean {
    return this.used + bytes <= this.totalBytes;
  }

  /** @internal used by BodyLease */
  grant(bytes: number): boolean {
    if (!this.fits(bytes)) return false;
    this.used += bytes;
    return true;
  }

  /** @internal used by BodyLease */
  giveBack(bytes: number): void {
    this.used -= bytes;
  }
}

/** One request's share of the budget; released once, when its response is over. */
export class BodyLease {
  private held = 0;
  private released = false;

  constructor(private readonly budget: BodyBudget) {}

  /** Whether the budget could give `bytes` more now. */
  fits(bytes: number): boolean {
    return !this.released && this.budget.fits(bytes);
  }

  /** Takes `bytes` more; false when the budget cannot give them (nothing is taken then). */
  take(bytes: number): boolean {
    if (this.released || !this.budget.grant(bytes)) return false;
    this.held += bytes;
    return true;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.giveBack(this.held);
    this.held = 0;
  }
}

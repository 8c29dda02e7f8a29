/**
 * Group commit: items submitted while a flush is running wait for it and go
 * together in the next one, so under load many items share one statement,
 * and alone an item is flushed at once (no timer, no added latency). Each
 * submit resolves with its own item's result; a flush that throws rejects
 * every item of that flush.
 */
export class GroupCommit<I, O> {
  private pending: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  /** `flush` returns one result per item, in order. */
  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly maxItems: number,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError(`maxItems must be a positive integer, got ${maxItems}`);
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.maxItems);
        try {
          const results = await this.flush(batch.map((b) => b.item));
          if (results.length !== batch.length) throw new Error(`flush returned ${results.length} results for ${batch.length} items`);
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

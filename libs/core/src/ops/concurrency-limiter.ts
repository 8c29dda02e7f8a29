/**
 * At most `perKey` tasks at once per key (a business) and `total` in all, in
 * this process; a task past either is refused with the error `refuse` makes
 * (its callers answer 429), never queued: a queue would hold the very
 * connections and time the limit is there to protect.
 */
export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();
  private runningTotal = 0;

  constructor(
    private readonly perKey: number,
    private readonly total: number,
  ) {}

  async run<T>(key: string, refuse: (limit: 'perKey' | 'total') => Error, task: () => Promise<T>): Promise<T> {
    const mine = this.running.get(key) ?? 0;
    if (mine >= this.perKey) throw refuse('perKey');
    if (this.runningTotal >= this.total) throw refuse('total');
    this.running.set(key, mine + 1);
    this.runningTotal += 1;
    try {
      return await task();
    } finally {
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
      this.runningTotal -= 1;
    }
  }
}

export type Predicate<T> = (item: T) => boolean;

interface Waiter<T> {
  predicate: Predicate<T>;
  resolve: (item: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Bounded, append-only record of what a stand-in received, plus promise-based waiting.
 * Waiters are checked once per new item, so the cost per item is O(pending waiters),
 * never O(items): the stand-ins must sustain 100k-message benchmarks.
 */
export class MessageLog<T> {
  readonly items: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  constructor(
    private readonly maxItems: number,
    private readonly label: string,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 1) {
      throw new RangeError(`maxMessages must be a positive integer, got ${maxItems}`);
    }
  }

  push(item: T, onEvict?: (evicted: T) => void): void {
    this.items.push(item);
    while (this.items.length > this.maxItems) {
      // V8 left-trims arrays on shift, so this stays O(1) even at the cap.
      const evicted = this.items.shift();
      if (evicted !== undefined) onEvict?.(evicted);
    }
    this.notify(item);
  }

  waitFor(predicate: Predicate<T>, timeoutMs: number): Promise<T> {
    let existing: T | undefined;
    try {
      existing = this.items.find(predicate);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`${this.label}: no matching message within ${timeoutMs} ms (${this.items.length} received)`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  clear(): void {
    this.items.length = 0;
  }

  rejectAll(reason: string): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`${this.label}: ${reason}`));
    }
    this.waiters.clear();
  }

  private notify(item: T): void {
    for (const waiter of this.waiters) {
      let matched: boolean;
      try {
        matched = waiter.predicate(item);
      } catch (err) {
        this.settle(waiter);
        waiter.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      if (matched) {
        this.settle(waiter);
        waiter.resolve(item);
      }
    }
  }

  private settle(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }
}

import { GroupCommit } from './group-commit';

function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('GroupCommit', () => {
  it('flushes a lone item at once and groups the items submitted while a flush runs', async () => {
    const gate = deferred();
    const flushes: number[][] = [];
    const commit = new GroupCommit<number, number>(async (items) => {
      flushes.push(items);
      if (flushes.length === 1) await gate.promise;
      return items.map((i) => i * 10);
    }, 100);
    const first = commit.submit(1);
    const later = [commit.submit(2), commit.submit(3), commit.submit(4)];
    gate.release();
    expect(await first).toBe(10);
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('splits a backlog into flushes of at most maxItems', async () => {
    const gate = deferred();
    const sizes: number[] = [];
    const commit = new GroupCommit<number, number>(async (items) => {
      sizes.push(items.length);
      if (sizes.length === 1) await gate.promise;
      return items;
    }, 2);
    const all = [0, 1, 2, 3, 4, 5].map((i) => commit.submit(i));
    gate.release();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sizes).toEqual([1, 2, 2, 1]);
  });

  it('rejects every item of a failed flush and keeps serving later ones', async () => {
    let fail = true;
    const commit = new GroupCommit<string, string>(async (items) => {
      if (fail) throw new Error('database down');
      return items;
    }, 10);
    await expect(commit.submit('a')).rejects.toThrow('database down');
    fail = false;
    await expect(commit.submit('b')).resolves.toBe('b');
  });

  it('rejects when the flush returns the wrong number of results', async () => {
    const commit = new GroupCommit<number, number>(async () => [], 10);
    await expect(commit.submit(1)).rejects.toThrow('0 results for 1 items');
  });
});

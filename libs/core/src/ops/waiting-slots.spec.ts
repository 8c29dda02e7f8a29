import { WaitingSlots } from './waiting-slots';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WaitingSlots', () => {
  it('runs at most `size` tasks at once; the rest start in arrival order as slots free up', async () => {
    const slots = new WaitingSlots(2);
    const started: number[] = [];
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const runs = gates.map((gate, i) => slots.run(async () => { started.push(i); await gate.promise; return i; }));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(slots.load).toEqual({ running: 2, waiting: 2 });
    gates[1].resolve();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    // A newcomer queues behind the task still waiting.
    const late = slots.run(async () => { started.push(9); return 9; });
    gates[0].resolve();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2].resolve();
    gates[3].resolve();
    expect(await Promise.all([...runs, late])).toEqual([0, 1, 2, 3, 9]);
    expect(started).toEqual([0, 1, 2, 3, 9]);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a failing task frees its slot', async () => {
    const slots = new WaitingSlots(1);
    await expect(slots.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });
});

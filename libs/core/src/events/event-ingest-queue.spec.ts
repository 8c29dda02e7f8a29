import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { EventIngestQueue } from './event-ingest-queue';
import type { EventRepository, QueuedEvent, WrittenEvent } from './event.repository';

const item = (n: number, key: string | null = null): QueuedEvent => ({
  businessId: 'b1', ref: { externalId: `c${n}` }, event: { type: 'seen', properties: { n }, occurredAt: new Date(0), source: 'api', idempotencyKey: key },
});

/** A repository that records each call's events and answers by `answer`. */
function fakeRepository(answer: (events: QueuedEvent[]) => Map<number, WrittenEvent> | Error) {
  const calls: number[][] = [];
  const repository = {
    insertForKnownCustomers: async (_q: unknown, events: QueuedEvent[]) => {
      calls.push(events.map((e) => e.event.properties.n as number));
      const result = answer(events);
      if (result instanceof Error) throw result;
      return result;
    },
  } as unknown as EventRepository;
  return { calls, queue: new EventIngestQueue({} as DataSource, repository, { databaseTransactionPooling: false } as AppConfig) };
}

const allWritten = (events: QueuedEvent[]) => new Map(events.map((e, i) => [i, { customerId: `cust-${e.event.properties.n}`, id: String(e.event.properties.n) }]));

describe('EventIngestQueue', () => {
  it('writes events posted in the same turn with one statement, and answers each with its own row', async () => {
    const { calls, queue } = fakeRepository(allWritten);
    const answers = await Promise.all([1, 2, 3].map((n) => queue.write(item(n))));
    expect(calls).toEqual([[1, 2, 3]]);
    expect(answers).toEqual([{ customerId: 'cust-1', id: '1' }, { customerId: 'cust-2', id: '2' }, { customerId: 'cust-3', id: '3' }]);
  });

  it('answers null for an event whose customer the statement did not find', async () => {
    const { queue } = fakeRepository((events) => new Map([...allWritten(events)].filter(([i]) => i !== 1)));
    expect(await Promise.all([1, 2, 3].map((n) => queue.write(item(n))))).toEqual([{ customerId: 'cust-1', id: '1' }, null, { customerId: 'cust-3', id: '3' }]);
  });

  it('keeps a repeated idempotency key of a business for the next statement', async () => {
    const { calls, queue } = fakeRepository(allWritten);
    await Promise.all([queue.write(item(1, 'k')), queue.write(item(2, 'k')), queue.write(item(3, 'other'))]);
    expect(calls).toEqual([[1, 3], [2]]);
  });

  it('a statement refused for one event: each is written alone, and only that one fails', async () => {
    const { calls, queue } = fakeRepository((events) => (events.some((e) => e.event.properties.n === 2) ? Object.assign(new Error('invalid input'), { code: '22P05' }) : allWritten(events)));
    const settled = await Promise.allSettled([1, 2, 3].map((n) => queue.write(item(n))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls.sort()).toEqual([[1], [1, 2, 3], [2], [3]]);
    expect(queue.stats.isolated).toBe(1);
  });

  it('the database away: every event of the group fails with that error at once, no retry one by one', async () => {
    const { calls, queue } = fakeRepository(() => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const settled = await Promise.allSettled([1, 2, 3].map((n) => queue.write(item(n))));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(calls).toEqual([[1, 2, 3]]);
  });
});

import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { compileSegment } from './segment-compiler';
import type { ChurnRiskCondition, SegmentDefinition } from './segment-definition';
import { evaluateSegment } from './segment-evaluator';
import { segmentReads } from './segment-reads';
import { validateDefinition } from './segment-validator';
import { emptyData, insertBusiness, insertData, makeCustomer, makeOrder } from './testing/segment-fixtures';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);

describe('churnRisk condition', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    ({ dataSource } = await openTestDataSource());
  });
  afterAll(() => dataSource.destroy());

  it.each([
    [{ type: 'churnRisk', level: 'high' }, []],
    [{ type: 'churnRisk', minScore: 40, maxScore: 80 }, []],
    [{ type: 'churnRisk' }, ['definition']],
    [{ type: 'churnRisk', level: 'extreme' }, ['definition.level']],
    [{ type: 'churnRisk', minScore: 50, maxScore: 10 }, ['definition.minScore']],
    [{ type: 'churnRisk', minScore: 2.5 }, ['definition.minScore']],
    [{ type: 'churnRisk', maxScore: 101 }, ['definition.maxScore']],
    [{ type: 'churnRisk', level: 'low', days: 3 }, ['definition.days']],
  ])('validates %j', (definition, fields) => {
    expect(validateDefinition(definition).problems.map((p) => p.field)).toEqual(fields);
  });

  it('reads orders (refreshed when orders arrive)', () => {
    expect(segmentReads({ type: 'churnRisk', level: 'high' })).toEqual(['customer', 'orders']);
  });

  // Scores worked out by hand from the rule (analytics statistics churnRisk, as the overview report):
  // repeat customers' average gaps 20 (R) and 30 (T) → typical gap 25 (E is erased: ignored).
  // R: expected (100 + 25) / 6 = 20.8 days; 10 days since → not due: 0; + 20/6 = 3.3 → 3, low.
  // T: expected (30 + 25) / 2 = 27.5; 45 / 27.5 = 1.636× → 80 · (1 − 2^−0.636) = 28.5; + 10 → 39, medium.
  // O: expected (0 + 25) / 1 = 25; 50 / 25 = 2× → 80 · (1 − 1/2) = 40; + 20 → 60, high.
  const data = emptyData();
  const [r, t, o, e, none] = ['R', 'T', 'O', 'E', 'N'].map((firstName) => makeCustomer({ firstName, erasedAt: firstName === 'E' ? daysAgo(1) : null }));
  data.customers.push(r, t, o, e, none);
  for (let i = 0; i < 6; i++) data.orders.push(makeOrder(r.id, 50, daysAgo(110 - 20 * i)));
  data.orders.push(makeOrder(t.id, 60, daysAgo(75)), makeOrder(t.id, 60, daysAgo(45)), makeOrder(o.id, 40, daysAgo(50)), makeOrder(e.id, 1000, daysAgo(1)));
  data.orders.push(makeOrder(o.id, 500, new Date(NOW.getTime() + DAY)));
  let scenarioBusiness: string | undefined;

  it.each([
    ['high', { level: 'high' }, ['O']],
    ['medium', { level: 'medium' }, ['T']],
    ['low', { level: 'low' }, ['R']],
    ['score ≥ 30', { minScore: 30 }, ['O', 'T']],
    ['score 60 exactly', { minScore: 60, maxScore: 60 }, ['O']],
    ['score 39 exactly', { minScore: 39, maxScore: 39 }, ['T']],
    ['score ≤ 29', { maxScore: 29 }, ['R']],
    ['medium and ≥ 40', { level: 'medium', minScore: 40 }, []],
  ])('%s: SQL and evaluator pick the hand-computed customers', async (_name, cond, names) => {
    if (scenarioBusiness === undefined) {
      scenarioBusiness = await insertBusiness(dataSource, 'America/Chicago');
      await insertData(dataSource, scenarioBusiness, data);
    }
    const businessId = scenarioBusiness;
    const definition = { type: 'churnRisk', ...cond } as SegmentDefinition;
    const ctx = { businessId, now: NOW, businessTimezone: 'America/Chicago' };
    const byId = new Map(data.customers.map((c) => [c.id, c.firstName]));
    const expected = names.sort();
    expect(evaluateSegment(definition, data, ctx).map((id) => byId.get(id)).sort()).toEqual(expected);
    for (const behaviour of ['correlated', 'aggregate'] as const) {
      const { sql, params } = compileSegment(definition, { ...ctx, behaviour });
      const rows = await dataSource.query<{ id: string }[]>(sql, params);
      expect(rows.map((row) => byId.get(row.id)).sort()).toEqual(expected);
    }
  });

  it('compiles to one grouped scoring join (snapshot)', () => {
    expect(compileSegment({ type: 'churnRisk', level: 'high', minScore: 70 }, { businessId: '00000000-0000-0000-0000-000000000001', now: NOW, businessTimezone: 'UTC' })).toMatchSnapshot();
  });

  it('agrees with the in-memory evaluator on random order histories', async () => {
    const condition: fc.Arbitrary<ChurnRiskCondition> = fc.oneof(
      fc.record({ type: fc.constant('churnRisk' as const), level: fc.constantFrom('low' as const, 'medium' as const, 'high' as const) }),
      fc.record({ type: fc.constant('churnRisk' as const), minScore: fc.integer({ min: 0, max: 70 }) }),
      fc.record({ type: fc.constant('churnRisk' as const), maxScore: fc.integer({ min: 10, max: 100 }) }),
    );
    const world = fc.record({
      customers: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      orders: fc.array(fc.record({ who: fc.nat(), total: fc.constantFrom(5, 12.5, 20.25, 49.99, 100), ago: fc.integer({ min: -5 * DAY, max: 200 * DAY }) }), { maxLength: 25 }),
      conditions: fc.array(condition, { minLength: 3, maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(world, async ({ customers, orders, conditions }) => {
        const d = emptyData();
        d.customers.push(...customers.map((erased) => makeCustomer({ erasedAt: erased ? daysAgo(1) : null })));
        d.orders.push(...orders.map((x) => makeOrder(d.customers[x.who % d.customers.length].id, x.total, new Date(NOW.getTime() - x.ago - 123))));
        const businessId = await insertBusiness(dataSource, 'UTC');
        await insertData(dataSource, businessId, d);
        const ctx = { businessId, now: NOW, businessTimezone: 'UTC' };
        for (const cond of conditions) {
          const expected = evaluateSegment(cond, d, ctx);
          const { sql, params } = compileSegment(cond, ctx);
          const rows = await dataSource.query<{ id: string }[]>(sql, params);
          expect({ cond, ids: rows.map((row) => row.id).sort() }).toEqual({ cond, ids: expected });
        }
      }),
      { numRuns: 40, seed: 20261123 },
    );
  }, 60_000);
});

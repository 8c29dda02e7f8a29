import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { compileSegment, countSql, embedSegment, sampleSql } from './segment-compiler';
import type { SegmentDefinition } from './segment-definition';
import { emptyData, insertBusiness, insertData, makeCustomer, makeEvent } from './testing/segment-fixtures';

/**
 * Hostile text in every string a rule can carry is stored and compared as
 * data: the right customers match and every table is still there.
 */
const EVIL = "'; DROP TABLE customer; --";
const EVIL_VALUE = "x'); DELETE FROM customer WHERE ('1'='1";
const PLACEHOLDER = '$1';

describe('injection attempts are data', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    ({ dataSource } = await openTestDataSource());
  });
  afterAll(() => dataSource.destroy());

  it('match exactly the customers holding that text, and change nothing', async () => {
    const data = emptyData();
    const hostile = makeCustomer({
      email: "robert'); DROP TABLE students;--@example.com",
      attributes: { [EVIL]: EVIL_VALUE, plan: PLACEHOLDER, list: [EVIL] },
      tags: [EVIL],
    });
    const plain = makeCustomer({ email: 'plain@example.com', attributes: { plan: 'gold' }, tags: ['vip'] });
    data.customers.push(hostile, plain);
    data.events.push(makeEvent(hostile.id, EVIL, new Date('2025-06-01T00:00:00Z'), { [EVIL]: PLACEHOLDER }));
    data.events.push(makeEvent(plain.id, EVIL, new Date('2025-06-01T00:00:00Z'), { [EVIL]: 'safe' }));
    const businessId = await insertBusiness(dataSource, 'UTC');
    await insertData(dataSource, businessId, data);
    const ctx = { businessId, now: new Date('2025-06-15T00:00:00Z'), businessTimezone: 'UTC' };

    const cases: [SegmentDefinition, string[]][] = [
      [{ type: 'attribute', field: `attributes.${EVIL}`, op: 'eq', value: EVIL_VALUE }, [hostile.id]],
      [{ type: 'attribute', field: `attributes.${EVIL}`, op: 'exists', value: false }, [plain.id]],
      [{ type: 'attribute', field: `attributes.${EVIL}`, op: 'contains', value: "DELETE FROM customer WHERE ('1'" }, [hostile.id]],
      [{ type: 'attribute', field: 'attributes.plan', op: 'eq', value: PLACEHOLDER }, [hostile.id]],
      [{ type: 'attribute', field: 'attributes.plan', op: 'in', value: [EVIL, 'gold'] }, [plain.id]],
      [{ type: 'attribute', field: 'attributes.list', op: 'contains', value: EVIL }, [hostile.id]],
      [{ type: 'attribute', field: 'email', op: 'contains', value: "'); DROP" }, [hostile.id]],
      // Both emails start with a letter, which sorts after "'" (0x27): none is less.
      [{ type: 'attribute', field: 'email', op: 'lt', value: EVIL }, []],
      [{ type: 'tag', tag: EVIL, present: true }, [hostile.id]],
      [{ type: 'tag', tag: EVIL, present: false }, [plain.id]],
      [{ type: 'event', eventType: EVIL, where: [{ field: EVIL, op: 'eq', value: PLACEHOLDER }] }, [hostile.id]],
      [{ type: 'event', eventType: EVIL, where: [{ field: EVIL, op: 'neq', value: PLACEHOLDER }] }, [plain.id]],
      [{ type: 'event', eventType: `${EVIL} `, within: 'P30D' }, []],
    ];
    for (const [rule, expected] of cases) {
      const compiled = compileSegment(rule, ctx);
      expect(compiled.sql).not.toMatch(/DROP|DELETE|--/);
      const rows = await dataSource.query<{ id: string }[]>(compiled.sql, compiled.params);
      expect({ rule, ids: rows.map((r) => r.id).sort() }).toEqual({ rule, ids: [...expected].sort() });
    }

    const everyone = compileSegment({ all: [] }, ctx);
    expect(await dataSource.query(countSql(everyone).sql, countSql(everyone).params)).toEqual([{ count: 2 }]);
    const sample = sampleSql(everyone, 1);
    expect(await dataSource.query(sample.sql, sample.params)).toEqual([{ id: [hostile.id, plain.id].sort()[0] }]);
    // The member query embedded in a membership insert, with its own parameters numbered after the segment's.
    const [{ id: segmentId }] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO segment (business_id, name, definition) VALUES ($1, $2, $3) RETURNING id`, [businessId, EVIL, JSON.stringify({ type: 'tag', tag: EVIL, present: true })],
    );
    const refresh = embedSegment(compileSegment({ type: 'tag', tag: EVIL, present: true }, ctx), (members, param) =>
      `INSERT INTO segment_membership (business_id, segment_id, customer_id, entered_at)
       SELECT $1, ${param(segmentId)}::uuid, m.id, ${param(ctx.now)}::timestamptz FROM ${members} m RETURNING customer_id`);
    expect(await dataSource.query(refresh.sql, refresh.params)).toEqual([{ customer_id: hostile.id }]);
    const tables = await dataSource.query<{ present: boolean }[]>(
      `SELECT bool_and(to_regclass(t) IS NOT NULL) AS present FROM unnest(ARRAY['customer', 'event', 'business']) t`,
    );
    expect(tables).toEqual([{ present: true }]);
    const [{ events }] = await dataSource.query<{ events: string }[]>(`SELECT count(*)::text AS events FROM event WHERE business_id = $1`, [businessId]);
    expect(events).toBe('2');
  });
});

import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import type { EvalCustomer, EvalGeofence, EvaluationData } from './evaluator/evaluation-data';
import { compileSegment } from './segment-compiler';
import type { SegmentDefinition } from './segment-definition';
import { evaluateSegment } from './segment-evaluator';
import { emptyData, insertBusiness, insertData, makeCustomer, makeEvent, makeOrder, makeStore } from './testing/segment-fixtures';

/**
 * Behaviour over time as data: a fixed history, then rows of
 * (rule, evaluation time) → expected members, worked out by hand. Each row is
 * checked against both the compiled SQL and the in-memory evaluator.
 */

const BUSINESS_ZONE = 'America/Chicago';
const at = (iso: string) => new Date(iso);
const daysBefore = (iso: string, days: number, hours = 0) => new Date(Date.parse(iso) - days * 86_400_000 - hours * 3_600_000);
const NOW = '2025-06-15T17:00:00.000Z';

/** Destination point on the sphere (standard bearing formula), independent of the compiler's box. */
function destination(lat: number, lng: number, bearingDeg: number, distanceM: number): [number, number] {
  const rad = Math.PI / 180;
  const d = distanceM / 6371008.8;
  const phi1 = lat * rad;
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(bearingDeg * rad));
  const lambda2 = lng * rad + Math.atan2(Math.sin(bearingDeg * rad) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
  return [phi2 / rad, lambda2 / rad];
}

interface Row {
  name: string;
  rule: SegmentDefinition;
  now: string;
  expected: string[];
  /** Campaign branch rows: when the (every) customer was enrolled. */
  enrolledAt?: string;
}

/** Builds the data and a label → customer id map. */
function history(): { data: EvaluationData; ids: Record<string, string> } {
  const data = emptyData();
  const ids: Record<string, string> = {};
  const add = (label: string, overrides: Partial<EvalCustomer> = {}) => {
    const c = makeCustomer(overrides);
    ids[label] = c.id;
    data.customers.push(c);
    return c.id;
  };
  const recent = add('recent'); // viewed 29 days before NOW
  const boundary = add('boundary'); // viewed exactly 30 days before NOW
  const old = add('old'); // viewed 40 and 3 days before NOW
  const future = add('future'); // viewed after NOW only
  add('never'); // no history at all
  const lapsed = add('lapsed'); // bought 45 days ago
  const buyer = add('buyer'); // bought 10 days ago, twice
  data.events.push(
    makeEvent(recent, 'view', daysBefore(NOW, 29)),
    makeEvent(boundary, 'view', daysBefore(NOW, 30)),
    makeEvent(old, 'view', daysBefore(NOW, 40)),
    makeEvent(old, 'view', daysBefore(NOW, 3)),
    makeEvent(future, 'view', daysBefore(NOW, -1)),
    makeEvent(lapsed, 'purchase', daysBefore(NOW, 45)),
    makeEvent(buyer, 'purchase', daysBefore(NOW, 10)),
  );
  data.orders.push(makeOrder(lapsed, 30, daysBefore(NOW, 45)), makeOrder(buyer, 10.1, daysBefore(NOW, 10)), makeOrder(buyer, 20.2, daysBefore(NOW, 10)));
  // Opened 6 days before NOW; a message sent 2 days before NOW; a P1M boundary pair around 2025-02-28 12:00 Chicago (18:00Z).
  data.engagements.push({ customerId: recent, campaignId: null, type: 'opened', occurredAt: daysBefore(NOW, 6) });
  data.messages.push({ customerId: boundary, campaignId: null, sentAt: daysBefore(NOW, 2) });
  data.events.push(makeEvent(recent, 'signup', at('2025-02-28T19:00:00Z')), makeEvent(boundary, 'signup', at('2025-02-28T17:00:00Z')));
  return { data, ids };
}

const windowRows: Row[] = [
  { name: 'an event 29 days ago is within P30D', rule: { type: 'event', eventType: 'view', within: 'P30D' }, now: NOW, expected: ['boundary', 'old', 'recent'] },
  // Two days later: recent's view is 31 days old, boundary's 32; old's second view is 5 days old; future's view is now in the past.
  { name: 'two days later it is not', rule: { type: 'event', eventType: 'view', within: 'P30D' }, now: '2025-06-17T17:00:00.000Z', expected: ['future', 'old'] },
  { name: 'an event after now does not count yet', rule: { type: 'event', eventType: 'view' }, now: NOW, expected: ['boundary', 'old', 'recent'] },
  { name: 'no view in 7 days includes those with no events', rule: { type: 'event', eventType: 'view', within: 'P7D', count: { op: 'eq', value: 0 } }, now: NOW, expected: ['boundary', 'buyer', 'future', 'lapsed', 'never', 'recent'] },
  { name: 'first view within 7 days (new viewers only)', rule: { type: 'event', eventType: 'view', first: { within: 'P7D' } }, now: NOW, expected: [] },
  { name: 'first view within 35 days', rule: { type: 'event', eventType: 'view', first: { within: 'P35D' } }, now: NOW, expected: ['boundary', 'recent'] },
  { name: 'last purchase more than 30 days ago (lapsed)', rule: { type: 'event', eventType: 'purchase', last: { before: 'P30D' } }, now: NOW, expected: ['lapsed'] },
  { name: 'P1M counts calendar months in the business zone', rule: { type: 'event', eventType: 'signup', within: 'P1M' }, now: '2025-03-31T17:00:00.000Z', expected: ['recent'] },
  { name: 'spent under 25 in 30 days includes non-buyers', rule: { type: 'orders', metric: 'sum', op: 'lt', value: 25, within: 'P30D' }, now: NOW, expected: ['boundary', 'future', 'lapsed', 'never', 'old', 'recent'] },
  { name: 'spent exactly 30.30 (exact decimals)', rule: { type: 'orders', metric: 'sum', op: 'eq', value: 30.3 }, now: NOW, expected: ['buyer'] },
  { name: 'average order under 20 never includes non-buyers', rule: { type: 'orders', metric: 'avg', op: 'lt', value: 20 }, now: NOW, expected: ['buyer'] },
  { name: 'average 15.15 exactly', rule: { type: 'orders', metric: 'avg', op: 'eq', value: 15.15 }, now: NOW, expected: ['buyer'] },
  { name: 'at least 0 orders is everyone', rule: { type: 'orders', metric: 'count', op: 'gte', value: 0, within: 'P7D' }, now: NOW, expected: ['boundary', 'buyer', 'future', 'lapsed', 'never', 'old', 'recent'] },
  { name: 'orders in 30 days, before the buyer bought', rule: { type: 'orders', metric: 'count', op: 'gte', value: 1, within: 'P30D' }, now: '2025-06-01T17:00:00.000Z', expected: [] },
  { name: 'opened within 7 days', rule: { type: 'engagement', action: 'opened', within: 'P7D' }, now: NOW, expected: ['recent'] },
  { name: 'opened within 7 days, two days later', rule: { type: 'engagement', action: 'opened', within: 'P7D' }, now: '2025-06-17T17:00:00.000Z', expected: [] },
  { name: 'received within 1 day', rule: { type: 'engagement', action: 'received', within: 'P1D' }, now: NOW, expected: [] },
  { name: 'received within 3 days', rule: { type: 'engagement', action: 'received', within: 'P3D' }, now: NOW, expected: ['boundary'] },
  // Recency: buyer (last order 10 days ago) is more recent than lapsed; with two scored customers the quintiles are 1 and 2.
  { name: 'rfm: most recent buyer', rule: { type: 'rfm', recency: [2, 2] }, now: NOW, expected: ['buyer'] },
  { name: 'rfm: customers without orders never match', rule: { not: { type: 'rfm', recency: [1, 5] } }, now: NOW, expected: ['boundary', 'future', 'never', 'old', 'recent'] },
];

// Branch conditions of campaigns: counted from enrolment (the buyer's two orders and purchase event were 10 days before NOW).
const sinceEnrollmentRows: Row[] = [
  { name: 'ordered since enrolled 12 days ago', rule: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, now: NOW, enrolledAt: daysBefore(NOW, 12).toISOString(), expected: ['buyer'] },
  { name: 'nobody ordered since enrolled 9 days ago', rule: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, now: NOW, enrolledAt: daysBefore(NOW, 9).toISOString(), expected: [] },
  { name: 'an order exactly at enrolment counts', rule: { type: 'orders', metric: 'count', op: 'eq', value: 2, sinceEnrollment: true }, now: NOW, enrolledAt: daysBefore(NOW, 10).toISOString(), expected: ['buyer'] },
  { name: 'purchase event since enrolment', rule: { type: 'event', eventType: 'purchase', sinceEnrollment: true }, now: NOW, enrolledAt: daysBefore(NOW, 50).toISOString(), expected: ['buyer', 'lapsed'] },
  { name: 'not ordered since enrolment includes non-buyers', rule: { not: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true } }, now: NOW, enrolledAt: daysBefore(NOW, 12).toISOString(), expected: ['boundary', 'future', 'lapsed', 'never', 'old', 'recent'] },
  // within and sinceEnrollment together: the later start wins (opened 6 days ago; enrolled 5 days ago → not since enrolment).
  { name: 'opened since enrolment (later than the window)', rule: { type: 'engagement', action: 'opened', within: 'P30D', sinceEnrollment: true }, now: NOW, enrolledAt: daysBefore(NOW, 5).toISOString(), expected: [] },
  { name: 'opened since enrolment (window is later)', rule: { type: 'engagement', action: 'opened', within: 'P7D', sinceEnrollment: true }, now: NOW, enrolledAt: daysBefore(NOW, 40).toISOString(), expected: ['recent'] },
];

/** Customers for birthday and local-time rows: label → (birthday, zone). */
const PEOPLE: Record<string, Partial<EvalCustomer>> = {
  leapling: { birthday: '2000-02-29', timezone: null },
  londoner: { birthday: '1990-06-15', timezone: 'Europe/London' },
  chicagoan: { birthday: '1990-06-15', timezone: 'America/Chicago' },
  newYear: { birthday: '1985-01-01', timezone: null },
  kolkata: { birthday: '1970-03-10', timezone: 'Asia/Kolkata' },
};

const clockRows: Row[] = [
  // 2025 is a common year: the Feb 29 birthday is celebrated on Feb 28, one day after Feb 27.
  { name: 'Feb 29 birthday falls on Feb 28 in 2025', rule: { type: 'birthday', withinNextDays: 1 }, now: '2025-02-27T18:00:00Z', expected: ['leapling'] },
  { name: 'not today on Feb 27', rule: { type: 'birthday', withinNextDays: 0 }, now: '2025-02-27T18:00:00Z', expected: [] },
  { name: 'today on Feb 28, 2025', rule: { type: 'birthday', withinNextDays: 0 }, now: '2025-02-28T18:00:00Z', expected: ['leapling'] },
  // 2024 is a leap year: on Feb 28 the birthday (Feb 29) is tomorrow, not today.
  { name: 'on Feb 28, 2024 the leap birthday is tomorrow', rule: { type: 'birthday', withinNextDays: 0 }, now: '2024-02-28T18:00:00Z', expected: [] },
  { name: 'within 1 day on Feb 28, 2024', rule: { type: 'birthday', withinNextDays: 1 }, now: '2024-02-28T18:00:00Z', expected: ['leapling'] },
  // 2025-06-15 03:00Z is June 15 04:00 in London but June 14 22:00 in Chicago.
  { name: 'birthday today in the customer zone', rule: { type: 'birthday', withinNextDays: 0 }, now: '2025-06-15T03:00:00Z', expected: ['londoner'] },
  { name: 'tomorrow in Chicago', rule: { type: 'birthday', withinNextDays: 1 }, now: '2025-06-15T03:00:00Z', expected: ['chicagoan', 'londoner'] },
  // Dec 31 in Chicago (business zone fallback): Jan 1 is one day away, in next year.
  { name: 'across the new year', rule: { type: 'birthday', withinNextDays: 1 }, now: '2025-12-31T18:00:00Z', expected: ['newYear'] },
  { name: 'birthday month', rule: { type: 'birthday', month: 6 }, now: NOW, expected: ['chicagoan', 'londoner'] },
  // 2025-06-16 02:30Z is Sunday 21:30 in Chicago, Monday 03:30 in London, Monday 08:00 in Kolkata.
  { name: 'evening hours on Sunday, local', rule: { type: 'localTime', hours: [21, 23], weekdays: [7] }, now: '2025-06-16T02:30:00Z', expected: ['chicagoan', 'leapling', 'newYear'] },
  { name: 'night hours wrap past midnight', rule: { type: 'localTime', hours: [22, 4] }, now: '2025-06-16T02:30:00Z', expected: ['londoner'] },
  { name: 'Monday morning', rule: { type: 'localTime', hours: [8, 8], weekdays: [1] }, now: '2025-06-16T02:30:00Z', expected: ['kolkata'] },
];

describe('segment scenarios', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    ({ dataSource } = await openTestDataSource());
  });
  afterAll(() => dataSource.destroy());

  async function check(rows: Row[], data: EvaluationData, ids: Record<string, string>): Promise<void> {
    const businessId = await insertBusiness(dataSource, BUSINESS_ZONE);
    await insertData(dataSource, businessId, data);
    const labelOf = new Map(Object.entries(ids).map(([label, id]) => [id, label]));
    for (const row of rows) {
      const ctx = { businessId, now: new Date(row.now), businessTimezone: BUSINESS_ZONE, ...(row.enrolledAt ? { enrolledAt: new Date(row.enrolledAt) } : {}) };
      const fromEvaluator = evaluateSegment(row.rule, data, ctx).map((id) => labelOf.get(id)).sort();
      for (const behaviour of ['correlated', 'aggregate'] as const) {
        const { sql, params } = compileSegment(row.rule, { ...ctx, behaviour });
        const fromSql = (await dataSource.query<{ id: string }[]>(sql, params)).map((r) => labelOf.get(r.id)).sort();
        expect({ row: row.name, behaviour, sql: fromSql, evaluator: fromEvaluator }).toEqual({ row: row.name, behaviour, sql: row.expected, evaluator: row.expected });
      }
    }
  }

  it('time windows', async () => {
    const { data, ids } = history();
    await check(windowRows, data, ids);
  });

  it('windows counted since enrolment (campaign branch conditions)', async () => {
    const { data, ids } = history();
    await check(sinceEnrollmentRows, data, ids);
  });

  it('sinceEnrollment needs an enrolment to count from', () => {
    const rule: SegmentDefinition = { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true };
    expect(() => compileSegment(rule, { businessId: '11111111-2222-4333-8444-555555555555', now: new Date(NOW), businessTimezone: BUSINESS_ZONE }))
      .toThrow(/only allowed in campaign branch conditions/);
  });

  it('birthdays and local time in the customer zone', async () => {
    const data = emptyData();
    const ids: Record<string, string> = {};
    for (const [label, overrides] of Object.entries(PEOPLE)) {
      const c = makeCustomer(overrides);
      ids[label] = c.id;
      data.customers.push(c);
    }
    await check(clockRows, data, ids);
  });

  const circleFence = (lat: number, lng: number, radiusM: number): EvalGeofence =>
    ({ id: randomUUID(), kind: 'circle', centerLat: lat, centerLng: lng, radiusM, polygon: null, deletedAt: null });

  it('the box prefilter never clips the circle: points just inside at every bearing match, just outside do not', async () => {
    const data = emptyData();
    const [lat, lng, r] = [41.88, -87.63, 5000];
    const store = makeStore(lat, lng);
    data.stores.push(store);
    // The same circle as a geofence: its covering box holds the points just outside too, the distance check drops them.
    const fence = circleFence(lat, lng, r);
    data.geofences.push(fence);
    const ids: Record<string, string> = {};
    for (let bearing = 0; bearing < 360; bearing += 5) {
      for (const [label, distance] of [['in', r * (1 - 1e-6)], ['out', r * (1 + 1e-6)]] as const) {
        const [pLat, pLng] = destination(lat, lng, bearing, distance);
        const c = makeCustomer({ lat: pLat, lng: pLng });
        ids[`${label}${bearing}`] = c.id;
        data.customers.push(c);
      }
    }
    const inside = Object.keys(ids).filter((label) => label.startsWith('in')).sort();
    await check([
      { name: 'store', rule: { type: 'near', storeId: store.id, radiusMeters: r }, now: NOW, expected: inside },
      { name: 'point', rule: { type: 'near', lat, lng, radiusMeters: r }, now: NOW, expected: inside },
      { name: 'circle geofence', rule: { type: 'inside', geofenceId: fence.id }, now: NOW, expected: inside },
    ], data, ids);
  });

  it('near a store across the antimeridian, and erased customers never match', async () => {
    const data = emptyData();
    const store = makeStore(-16.5, 179.99);
    data.stores.push(store);
    // The API refuses such a fence; one stored anyway still matches across the antimeridian.
    const fence = circleFence(-16.5, 179.99, 3000);
    data.geofences.push(fence);
    // 0.02° of longitude at 16.5°S is about 2.13 km; 0.05° is about 5.33 km.
    const across = makeCustomer({ lat: -16.5, lng: -179.99 });
    const farther = makeCustomer({ lat: -16.5, lng: -179.96 });
    const erased = makeCustomer({ lat: -16.5, lng: 179.99, erasedAt: at('2025-01-01T00:00:00Z') });
    data.customers.push(across, farther, erased);
    const ids = { across: across.id, farther: farther.id, erased: erased.id };
    await check([
      { name: 'store within 3 km', rule: { type: 'near', storeId: store.id, radiusMeters: 3000 }, now: NOW, expected: ['across'] },
      { name: 'circle geofence of 3 km', rule: { type: 'inside', geofenceId: fence.id }, now: NOW, expected: ['across'] },
      { name: 'point within 6 km', rule: { type: 'near', lat: -16.5, lng: 179.99, radiusMeters: 6000 }, now: NOW, expected: ['across', 'farther'] },
      { name: 'everyone', rule: { all: [] }, now: NOW, expected: ['across', 'farther'] },
    ], data, ids);
  });
});

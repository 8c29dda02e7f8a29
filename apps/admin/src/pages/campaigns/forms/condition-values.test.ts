import { describe, expect, it } from 'vitest';
import { conditionSummary, sinceEnrolmentChoices, withSinceEnrolment } from './condition-values';

const TREE = {
  all: [
    { type: 'tag', tag: 'vip', present: true },
    { type: 'orders', metric: 'count', op: 'gte', value: 1, within: 'P7D' },
    { not: { type: 'engagement', action: 'clicked', sinceEnrollment: true } },
    { any: [{ type: 'event', eventType: 'page_view', within: 'P1D', count: { op: 'gte', value: 2 } }] },
  ],
};

describe('branch conditions since enrolment', () => {
  it('offers it on event, orders and engagement conditions, wherever they sit', () => {
    expect(sinceEnrolmentChoices(TREE)).toEqual([
      { path: 'all[1]', label: '2. Orders', on: false },
      { path: 'all[2].not', label: '3. Engagement with messages', on: true },
      { path: 'all[3].any[0]', label: '4. Did an event', on: false },
    ]);
  });

  it('counts since enrolment instead of a window for orders and events', () => {
    const on = withSinceEnrolment(TREE, 'all[1]', true);
    expect(on).toEqual({ all: [TREE.all[0], { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, TREE.all[2], TREE.all[3]] });
    expect(withSinceEnrolment(on, 'all[1]', false)).toEqual({ all: [TREE.all[0], { type: 'orders', metric: 'count', op: 'gte', value: 1 }, TREE.all[2], TREE.all[3]] });
    expect(withSinceEnrolment(TREE, 'all[3].any[0]', true)).toMatchObject({ all: [{}, {}, {}, { any: [{ type: 'event', eventType: 'page_view', count: { op: 'gte', value: 2 }, sinceEnrollment: true }] }] });
  });

  it('engagement keeps its window, and gets one back when it stops counting since enrolment', () => {
    expect(withSinceEnrolment(TREE, 'all[2].not', false)).toMatchObject({ all: [{}, {}, { not: { type: 'engagement', action: 'clicked', within: 'P30D' } }, {}] });
    const narrowed = { type: 'engagement', action: 'opened', within: 'P2D' };
    expect(withSinceEnrolment(narrowed, '', true)).toEqual({ ...narrowed, sinceEnrollment: true });
  });

  it('says the condition in a line', () => {
    expect(conditionSummary(TREE)).toBe('All of: Tag, Orders, Engagement with messages (since enrolment), Did an event');
    expect(conditionSummary({ type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true })).toBe('Orders (since enrolment)');
    expect(conditionSummary({ all: [] })).toBe('No conditions: everyone matches');
    expect(conditionSummary({ any: [] })).toBe('No conditions: no one matches');
  });
});

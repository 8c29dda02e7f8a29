import { assembleFunnel } from './funnel';

const e = (type: string, stepId: string, variant: string | null, total: number, uniqueMessages: number, uniqueHuman: number) => ({ type, stepId, variant, total, uniqueMessages, uniqueHuman });

describe('assembleFunnel', () => {
  const rows = assembleFunnel({
    engagement: [
      e('opened', 'mail-a', 'A', 9, 5, 3), // 5 messages opened, 3 of them by a person: 2 only by machines
      e('clicked', 'mail-a', 'A', 4, 2, 2),
      e('converted', 'mail-a', 'A', 2, 1, 1),
      e('opened', 'mail-b', 'B', 2, 2, 2),
      e('unsubscribed', 'mail-b', 'B', 1, 1, 1),
      e('delivered', 'mail-b', 'B', 10, 10, 10),
    ],
    revenue: [{ stepId: 'mail-a', variant: 'A', revenue: 55.5 }],
    messages: [
      { stepId: 'mail-a', variant: 'A', channel: 'email', sent: 10, delivered: 10, failed: 0, suppressed: 1, cost: 0.01 },
      { stepId: 'mail-b', variant: 'B', channel: 'sms', sent: 10, delivered: 9, failed: 1, suppressed: 0, cost: 0.158 },
    ],
    enrolments: [{ variant: 'A', enrolled: 12, holdout: 1 }, { variant: 'B', enrolled: 11, holdout: 1 }],
  });

  it('has the campaign line, then one per variant, then one per (step, variant)', () => {
    expect(rows.map((r) => [r.level, r.stepId, r.variant])).toEqual([
      ['campaign', null, null], ['variant', null, 'A'], ['variant', null, 'B'], ['step', 'mail-a', 'A'], ['step', 'mail-b', 'B'],
    ]);
  });

  it('counts human and machine-only opens apart, unique and total clicks, conversions and revenue', () => {
    expect(rows[3]).toMatchObject({ channel: 'email', openedHuman: 3, openedMachine: 2, clickedUnique: 2, clickedTotal: 4, converted: 1, orders: 2, revenue: 55.5, suppressed: 1 });
    expect(rows[4]).toMatchObject({ channel: 'sms', openedHuman: 2, openedMachine: 0, unsubscribed: 1, failed: 1, delivered: 9 });
  });

  it('ROI = (revenue − cost) / cost, null when nothing was spent; totals add up', () => {
    expect(rows[1].roi).toBeCloseTo((55.5 - 0.01) / 0.01, 9);
    expect(rows[2].roi).toBeCloseTo(-1, 9);
    expect(rows[0]).toMatchObject({ enrolled: 23, holdout: 2, sent: 20, cost: 0.168, revenue: 55.5, openedHuman: 5, openedMachine: 2 });
    expect(assembleFunnel({ engagement: [], revenue: [], messages: [], enrolments: [] })).toEqual([expect.objectContaining({ level: 'campaign', sent: 0, cost: 0, roi: null, enrolled: 0 })]);
  });
});

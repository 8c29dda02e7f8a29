import type { CampaignDefinition } from '../definition';
import { walkJourney, type StepVisit } from './journey-walker';

const T = (id: string) => `00000000-0000-4000-8000-00000000000${id}`;
const cart: CampaignDefinition = {
  name: 'Cart',
  trigger: { type: 'event', eventType: 'cart_abandoned' },
  steps: [
    { id: 'tag', type: 'update', tags: { add: ['cart'] }, next: 'ordered' },
    { id: 'ordered', type: 'branch', condition: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, yes: 'done', no: 'ab' },
    { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail' }, { name: 'B', weight: 1, next: 'text' }] },
    { id: 'mail', type: 'email', templateId: T('1'), next: 'wait' },
    { id: 'text', type: 'sms', templateId: T('2'), next: 'wait' },
    { id: 'wait', type: 'wait', duration: 'P1D', next: 'morning' },
    { id: 'morning', type: 'waitUntil', localTime: '10:00', next: 'done' },
    { id: 'done', type: 'exit' },
  ],
};

// Monday 2026-03-02 15:00Z = 09:00 in Chicago (CST, UTC−6).
const NOW = new Date('2026-03-02T15:00:00Z');

function walk(opts: { stepId?: string; stepSeq?: number; ordered?: boolean; holdout?: boolean; branch?: number; now?: Date }) {
  return walkJourney({
    definition: cart, state: { stepId: opts.stepId ?? 'tag', stepSeq: opts.stepSeq ?? 0, variants: {} }, holdout: opts.holdout ?? false,
    zone: 'America/Chicago', now: opts.now ?? NOW, evaluate: async () => opts.ordered ?? false, pick: () => opts.branch ?? 0,
  });
}

const brief = (visits: StepVisit[]) => visits.map((v) => [v.stepSeq, v.stepId, v.outcome, v.detail, v.until?.toISOString() ?? null]);

describe('journey walker: every step it runs is a visit', () => {
  it('update, branch (no), split (A), email, wait: one visit each, numbered like the sends, the wait with its end', async () => {
    const r = await walk({});
    expect(brief(r.visits)).toEqual([
      [1, 'tag', 'updated', null, null],
      [2, 'ordered', 'branched', 'no', null],
      [3, 'ab', 'split', 'A', null],
      [4, 'mail', 'queued', null, null],
      // P1D from 09:00 Monday local = 09:00 Tuesday local = 15:00Z.
      [5, 'wait', 'waited', null, '2026-03-03T15:00:00.000Z'],
    ]);
    expect(r.sends.map((s) => [s.stepSeq, s.stepId])).toEqual([[4, 'mail']]);
  });

  it('the branch taken to the exit: branched yes, then exited', async () => {
    const r = await walk({ ordered: true });
    expect(brief(r.visits)).toEqual([
      [1, 'tag', 'updated', null, null],
      [2, 'ordered', 'branched', 'yes', null],
      [3, 'done', 'exited', null, null],
    ]);
    expect(r.ended).toBe('exited');
  });

  it('the holdout group walks the same path; its message steps are skipped (holdout) and queue nothing', async () => {
    const r = await walk({ holdout: true, branch: 1 });
    expect(brief(r.visits).slice(2, 4)).toEqual([
      [3, 'ab', 'split', 'B', null],
      [4, 'text', 'skipped', 'holdout', null],
    ]);
    expect(r.sends).toEqual([]);
  });

  it('a later run continues the numbering: waitUntil 10:00 from Tuesday 09:00 local ends 16:00Z the same day', async () => {
    const r = await walk({ stepId: 'morning', stepSeq: 5, now: new Date('2026-03-03T15:00:00Z') });
    expect(brief(r.visits)).toEqual([[6, 'morning', 'waited', null, '2026-03-03T16:00:00.000Z']]);
  });
});

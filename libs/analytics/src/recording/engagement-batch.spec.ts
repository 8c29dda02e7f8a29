import { buildEngagementBatch, ClickHistory, KnownOpens } from './engagement-batch';
import type { MessageFacts, TrackingHit } from './engagement.types';
import { DEFAULT_MACHINE_RULES } from './machine-classifier';

const M1 = '00000000-0000-4000-8000-000000000001';
const M2 = '00000000-0000-4000-8000-000000000002';
const SENT = Date.parse('2026-03-10T15:00:00.000Z');
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const LINKS = ['https://a.example/', 'https://b.example/', 'https://c.example/'];

const facts = (id: string): MessageFacts => ({
  id, businessId: 'b', customerId: 'c', campaignId: null, channel: 'email', sentAt: new Date(SENT), deliveredAt: null, links: LINKS,
});
const FACTS = new Map([[M1, facts(M1)], [M2, facts(M2)]]);
const open = (messageId: string, atMs: number, userAgent: string | null = UA): TrackingHit => ({
  messageId, type: 'opened', occurredAt: new Date(SENT + atMs), userAgent, link: null, url: null,
});
const click = (messageId: string, atMs: number, link: number, userAgent: string | null = UA): TrackingHit => ({
  messageId, type: 'clicked', occurredAt: new Date(SENT + atMs), userAgent, link, url: LINKS[link],
});
const build = (hits: TrackingHit[], history = new ClickHistory(1000)) => buildEngagementBatch(hits, FACTS, history, DEFAULT_MACHINE_RULES);
const MINUTE = 60_000;

describe('buildEngagementBatch', () => {
  it('writes one row per hit, with the link and URL on clicks', () => {
    const { rows, bursts, unknown } = build([open(M1, MINUTE), click(M1, 2 * MINUTE, 1)]);
    expect(rows.map((r) => [r.type, r.linkIndex, r.url, r.machine, r.implied])).toEqual([
      ['opened', null, null, false, false],
      ['clicked', 1, LINKS[1], false, false],
    ]);
    expect([bursts, unknown]).toEqual([[], 0]);
  });

  it('a click with no open before it in the batch also writes an implied open, once per message', () => {
    const { rows } = build([click(M1, MINUTE, 0), click(M1, 5 * MINUTE, 0), click(M2, MINUTE, 2, 'GoogleImageProxy')]);
    expect(rows.map((r) => [r.messageId, r.type, r.implied, r.properties, r.machine])).toEqual([
      [M1, 'opened', true, { implied: true }, false],
      [M1, 'clicked', false, null, false],
      [M1, 'clicked', false, null, false],
      // The implied open has the click's verdict.
      [M2, 'opened', true, { implied: true }, true],
      [M2, 'clicked', false, null, true],
    ]);
  });

  it('builds no implied open for a message known to have an open', () => {
    const known = new KnownOpens(10);
    known.add(M1);
    const { rows } = buildEngagementBatch([click(M1, MINUTE, 0), click(M2, MINUTE, 1)], FACTS, new ClickHistory(1000), DEFAULT_MACHINE_RULES, known);
    expect(rows.map((r) => [r.messageId, r.type, r.implied])).toEqual([
      [M1, 'clicked', false],
      [M2, 'opened', true],
      [M2, 'clicked', false],
    ]);
  });

  it('KnownOpens keeps the newest messages up to its capacity', () => {
    const known = new KnownOpens(2);
    for (const id of [M1, M2, M1, 'm3']) known.add(id);
    expect([known.has(M1), known.has(M2), known.has('m3'), known.size]).toEqual([false, true, true, 2]);
  });

  it('classifies opens by agent and timing against the message’s send', () => {
    const { rows } = build([open(M1, 500), open(M1, MINUTE, 'YahooMailProxy'), open(M1, MINUTE, null), open(M1, MINUTE)]);
    expect(rows.map((r) => r.machineReason)).toEqual(['soon_after_send', 'proxy_user_agent', 'no_user_agent', null]);
  });

  it('flags a burst of three links in a second, and reports it so earlier rows can be flagged too', () => {
    const { rows, bursts } = build([click(M1, MINUTE, 0), click(M1, MINUTE + 200, 1), click(M1, MINUTE + 400, 2)]);
    expect(rows.filter((r) => !r.implied).map((r) => r.machineReason)).toEqual([null, null, 'click_burst']);
    expect(bursts).toEqual([{ messageId: M1, from: new Date(SENT + MINUTE), to: new Date(SENT + MINUTE + 400) }]);
  });

  it('sees bursts across batches through the click history', () => {
    const history = new ClickHistory(1000);
    expect(build([click(M1, MINUTE, 0), click(M1, MINUTE + 100, 1)], history).bursts).toEqual([]);
    const second = build([click(M1, MINUTE + 300, 2)], history);
    expect(second.rows.find((r) => r.type === 'clicked')?.machineReason).toBe('click_burst');
    expect(second.bursts).toEqual([{ messageId: M1, from: new Date(SENT + MINUTE), to: new Date(SENT + MINUTE + 300) }]);
    history.prune(SENT + MINUTE + 10_000);
    expect(history.size).toBe(0);
  });

  it('forgets clicks two windows old, going over the history at most once per window', () => {
    const history = new ClickHistory(1000);
    history.add('a', { at: 0, link: 0 });
    history.add('a', { at: 1500, link: 1 });
    history.add('b', { at: 100, link: 0 });
    history.prune(2050);
    expect([history.of('a').map((c) => c.at), history.of('b').map((c) => c.at)]).toEqual([[1500], [100]]);
    // 450 ms after that pass: b's click is now 2,400 ms old but waits for the next pass.
    history.prune(2500);
    expect(history.of('b')).toHaveLength(1);
    history.prune(3050);
    expect([history.size, history.of('a').map((c) => c.at), history.of('b')]).toEqual([1, [1500], []]);
  });

  it('skips hits of messages that do not exist', () => {
    const { rows, unknown } = build([open('00000000-0000-4000-8000-00000000000f', MINUTE), open(M1, MINUTE)]);
    expect([rows.length, unknown]).toEqual([1, 1]);
  });
});

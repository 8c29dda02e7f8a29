import { chooseAttribution, type Touch } from './attribution-chooser';

const ORDER = new Date('2026-03-10T12:00:00Z');
const DAY = 86_400_000;
const before = (ms: number) => new Date(ORDER.getTime() - ms);
const base = { orderAt: ORDER, clickSince: before(7 * DAY), openSince: before(DAY), couponMessageId: null };
const touch = (kind: Touch['kind'], messageId: string, agoMs: number, machine = false): Touch => ({ kind, messageId, at: before(agoMs), machine });

describe('chooseAttribution', () => {
  it.each([
    ['no touches, no coupon', [], null, null],
    ['a click beats a later open', [touch('click', 'c', 3 * DAY), touch('open', 'o', 3_600_000)], null, ['c', 'click']],
    ['the last of several clicks', [touch('click', 'c1', 2 * DAY), touch('click', 'c2', DAY), touch('click', 'c0', 6 * DAY)], null, ['c2', 'click']],
    ['a click exactly 7 days before counts (inclusive)', [touch('click', 'c', 7 * DAY)], null, ['c', 'click']],
    ['a click 7 days and 1 ms before does not', [touch('click', 'c', 7 * DAY + 1)], 'k', ['k', 'coupon']],
    ['a click after the order does not count', [touch('click', 'c', -1)], null, null],
    ['a machine click (link scanner) does not count', [touch('click', 'c', DAY, true), touch('open', 'o', 60_000)], null, ['o', 'open']],
    ['no click: the last human open within a day', [touch('open', 'o1', 20 * 3_600_000), touch('open', 'o2', 3_600_000)], null, ['o2', 'open']],
    ['an open exactly 1 day before counts', [touch('open', 'o', DAY)], null, ['o', 'open']],
    ['an open 1 day and 1 ms before does not', [touch('open', 'o', DAY + 1)], null, null],
    ['machine opens (privacy proxies) never count', [touch('open', 'o', 60_000, true)], 'k', ['k', 'coupon']],
    ['a human open beats the coupon', [touch('open', 'o', 60_000)], 'k', ['o', 'open']],
    ['the coupon when nothing else', [], 'k', ['k', 'coupon']],
  ])('%s', (_name, touches, coupon, expected) => {
    const choice = chooseAttribution({ ...base, touches, couponMessageId: coupon });
    expect(choice === null ? null : [choice.messageId, choice.kind]).toEqual(expected);
  });

  it('reports when the credited touch happened, and none for a coupon', () => {
    expect(chooseAttribution({ ...base, touches: [touch('click', 'c', DAY)] })?.touchedAt).toEqual(before(DAY));
    expect(chooseAttribution({ ...base, touches: [], couponMessageId: 'k' })?.touchedAt).toBeNull();
  });
});

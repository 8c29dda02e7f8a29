import { describe, expect, it } from 'vitest';
import { channelsOf, insideWindow, isNight, sendTiming, wallTimeIn } from './send-timing';

const NONE = { email: null, sms: null };
const DAYTIME = { email: { start: '08:00', end: '21:00' }, sms: { start: '09:00', end: '20:00' } };

describe('isNight / insideWindow', () => {
  it.each([['20:59', false], ['21:00', true], ['23:30', true], ['00:00', true], ['07:59', true], ['08:00', false], ['12:00', false]])('%s night: %s', (t, night) => {
    expect(isNight(t)).toBe(night);
  });
  it('windows are start-inclusive, end-exclusive, and may wrap midnight', () => {
    expect(insideWindow('08:00', { start: '08:00', end: '21:00' })).toBe(true);
    expect(insideWindow('21:00', { start: '08:00', end: '21:00' })).toBe(false);
    expect(insideWindow('23:00', { start: '22:00', end: '02:00' })).toBe(true);
    expect(insideWindow('01:59', { start: '22:00', end: '02:00' })).toBe(true);
    expect(insideWindow('02:00', { start: '22:00', end: '02:00' })).toBe(false);
  });
});

describe('wallTimeIn', () => {
  // 2026-05-01T02:30Z: New York EDT (−4) 22:30 the day before; Auckland NZST (+12) 14:30; Kolkata (+5:30) 08:00.
  it.each([
    ['America/New_York', '2026-04-30', '22:30'],
    ['Pacific/Auckland', '2026-05-01', '14:30'],
    ['Asia/Kolkata', '2026-05-01', '08:00'],
    ['UTC', '2026-05-01', '02:30'],
  ])('%s', (zone, date, time) => {
    expect(wallTimeIn(new Date('2026-05-01T02:30:00Z'), zone)).toEqual({ date, time });
  });
});

describe('sendTiming', () => {
  const ny = 'America/New_York';
  it('a broadcast right away: the business\'s local time now; 02:30Z is 22:30 in New York: night, and outside both quiet-hour windows', () => {
    const t = sendTiming({ type: 'broadcast' }, ['email', 'sms'], { now: new Date('2026-05-01T02:30:00Z'), businessZone: ny, quietHours: DAYTIME });
    expect(t.when).toBe('Right away: 22:30 on 2026-04-30 in America/New_York (the business\'s time zone)');
    expect(t.localTime).toBe('22:30');
    expect(t.warnings).toEqual([
      'That is at night (22:30 in America/New_York): between 21:00 and 08:00.',
      'Quiet hours allow email only 08:00–21:00 (in America/New_York): it is held until 08:00.',
      'Quiet hours allow SMS only 09:00–20:00 (in America/New_York): it is held until 09:00.',
    ]);
  });

  it('the same moment for a business in Auckland is 14:30: no warning', () => {
    const t = sendTiming({ type: 'broadcast' }, ['sms'], { now: new Date('2026-05-01T02:30:00Z'), businessZone: 'Pacific/Auckland', quietHours: DAYTIME });
    expect(t.localTime).toBe('14:30');
    expect(t.warnings).toEqual([]);
  });

  it('a broadcast at a wall time in the business zone: as written', () => {
    const t = sendTiming({ type: 'broadcast', at: '2026-06-01T07:30' }, ['email'], { now: new Date('2026-05-01T12:00:00Z'), businessZone: ny, quietHours: NONE });
    expect(t.when).toBe('At 07:30 on 2026-06-01 in America/New_York (the business\'s time zone)');
    expect(t.warnings).toEqual(['That is at night (07:30 in America/New_York): between 21:00 and 08:00.']);
  });

  it('a broadcast at an instant with an offset: read in the business zone (2026-06-01T15:00:00+02:00 = 13:00Z = 09:00 EDT)', () => {
    const t = sendTiming({ type: 'broadcast', at: '2026-06-01T15:00:00+02:00' }, ['email'], { now: new Date('2026-05-01T12:00:00Z'), businessZone: ny, quietHours: DAYTIME });
    expect(t.localTime).toBe('09:00');
    expect(t.when).toBe('At 09:00 on 2026-06-01 in America/New_York (the business\'s time zone)');
    expect(t.warnings).toEqual([]);
  });

  it('a broadcast in each recipient\'s local time: 08:30 is day, but before the SMS window opens at 09:00', () => {
    const t = sendTiming({ type: 'broadcast', at: '2026-06-01T08:30', recipientLocalTime: true }, ['sms'], { now: new Date('2026-05-01T12:00:00Z'), businessZone: ny, quietHours: DAYTIME });
    expect(t.when).toBe('At 08:30 on 2026-06-01 in each recipient\'s own time zone');
    expect(t.warnings).toEqual(['Quiet hours allow SMS only 09:00–20:00 (recipient time): it is held until 09:00.']);
  });

  it('a date trigger at 22:00 recipient time: night', () => {
    const t = sendTiming({ type: 'date', field: 'birthday', offsetDays: -7, localTime: '22:00' }, ['email'], { now: new Date(), businessZone: ny, quietHours: NONE });
    expect(t.warnings).toEqual(['That is at night (22:00 recipient time): between 21:00 and 08:00.']);
  });

  it('an event trigger: any time; quiet hours named as a note, never a warning', () => {
    const t = sendTiming({ type: 'event' }, ['email', 'sms'], { now: new Date(), businessZone: ny, quietHours: { email: null, sms: { start: '09:00', end: '20:00' } } });
    expect(t.localTime).toBeNull();
    expect(t.warnings).toEqual([]);
    expect(t.notes).toEqual(['SMS outside 09:00–20:00 recipient time waits for the window (quiet hours).']);
  });
});

describe('channelsOf', () => {
  it('the channels the message steps send on, each once', () => {
    expect(channelsOf([{ type: 'wait' }, { type: 'sms' }, { type: 'email' }, { type: 'sms' }])).toEqual(['email', 'sms']);
    expect(channelsOf([{ type: 'exit' }])).toEqual([]);
  });
});

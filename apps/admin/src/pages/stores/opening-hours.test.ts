import { describe, expect, it } from 'vitest';
import { addRange, copyMondayToWeekdays, hoursBody, hoursFormOf, hoursProblems, MAX_RANGES, rangeNote, removeRange, setClosed, setRange } from './opening-hours';

const STORED = { mon: [['07:00', '18:00']], fri: [['18:00', '02:00']], sat: [['08:00', '12:00'], ['13:00', '16:00']] };

describe('opening hours: form and API shape', () => {
  it('reads stored hours into days, missing days closed, and gives back the same body', () => {
    const form = hoursFormOf(STORED);
    expect(form.recorded).toBe(true);
    expect(form.days.mon).toEqual({ closed: false, ranges: [{ open: '07:00', close: '18:00' }] });
    expect(form.days.tue.closed).toBe(true);
    expect(form.days.sat.ranges).toHaveLength(2);
    expect(hoursBody(form)).toEqual(STORED);
  });

  it('no hours recorded is null both ways; recorded with every day closed is {} (always closed)', () => {
    const none = hoursFormOf(null);
    expect(none.recorded).toBe(false);
    expect(hoursBody(none)).toBeNull();
    expect(hoursBody({ ...none, recorded: true })).toEqual({});
    expect(hoursFormOf({}).recorded).toBe(true);
  });

  it('a closed day keeps its ranges in the form but is left out of the body; reopening gives them back', () => {
    const closed = setClosed(hoursFormOf(STORED), 'sat', true);
    expect(hoursBody(closed)).toEqual({ mon: STORED.mon, fri: STORED.fri });
    expect(hoursBody(setClosed(closed, 'sat', false))).toEqual(STORED);
    // A day opened for the first time starts at 09:00–17:00.
    expect(hoursBody(setClosed(closed, 'sun', false))?.sun).toEqual([['09:00', '17:00']]);
  });

  it('sends ranges as typed and in order, so the API’s index names the form’s range', () => {
    const form = setRange(addRange(hoursFormOf(STORED), 'mon'), 'mon', 1, { close: '19:00' });
    expect(hoursBody(form)?.mon).toEqual([['07:00', '18:00'], ['18:00', '19:00']]);
    const unfinished = setRange(form, 'mon', 0, { open: '' });
    expect(hoursBody(unfinished)?.mon).toEqual([['', '18:00'], ['18:00', '19:00']]);
  });

  it('adds a range from the last close for an hour, wrapping at midnight, and no more than the API takes', () => {
    expect(addRange(hoursFormOf({ fri: [['18:00', '23:30']] }), 'fri').days.fri.ranges[1]).toEqual({ open: '23:30', close: '00:30' });
    let form = hoursFormOf({ mon: [['01:00', '02:00']] });
    for (let i = 0; i < 10; i++) form = addRange(form, 'mon');
    expect(form.days.mon.ranges).toHaveLength(MAX_RANGES);
  });

  it('removing the last range of a day closes it', () => {
    const form = removeRange(hoursFormOf(STORED), 'mon', 0);
    expect(form.days.mon.closed).toBe(true);
    expect(hoursBody(form)?.mon).toBeUndefined();
    expect(hoursBody(removeRange(hoursFormOf(STORED), 'sat', 0))?.sat).toEqual([['13:00', '16:00']]);
  });

});

describe('opening hours: editing', () => {
  it('copies Monday to Tuesday–Friday (closed or not), leaving the weekend and Monday alone; copies are independent', () => {
    const copied = copyMondayToWeekdays(hoursFormOf(STORED));
    expect(hoursBody(copied)).toEqual({ mon: STORED.mon, tue: STORED.mon, wed: STORED.mon, thu: STORED.mon, fri: STORED.mon, sat: STORED.sat });
    expect(hoursBody(setRange(copied, 'tue', 0, { close: '12:00' }))?.wed).toEqual(STORED.mon);
    expect(hoursBody(copyMondayToWeekdays(hoursFormOf({ tue: [['09:00', '10:00']], sun: [['10:00', '11:00']] })))).toEqual({ sun: [['10:00', '11:00']] });
  });

  it('says when a range runs past midnight', () => {
    expect(rangeNote({ open: '18:00', close: '02:00' })).toBe('past midnight, until 02:00 the next day');
    expect(rangeNote({ open: '18:00', close: '00:00' })).toBe('until midnight');
    expect(rangeNote({ open: '09:00', close: '17:00' })).toBeUndefined();
    expect(rangeNote({ open: '09:00', close: '09:00' })).toBeUndefined();
    expect(rangeNote({ open: '', close: '02:00' })).toBeUndefined();
  });

  it('places the API’s problems at a range, a day, or the whole', () => {
    const problems = hoursProblems([
      { field: 'openingHours.mon[0]', message: 'must be ["HH:mm", "HH:mm"] with different open and close times' },
      { field: 'openingHours.mon[0]', message: 'second message' },
      { field: 'openingHours.thu[1]', message: 'bad' },
      { field: 'openingHours.sat', message: 'must be a list of at most 6' },
      { field: 'openingHours.funday', message: 'must be one of mon, tue, wed, thu, fri, sat, sun' },
      { field: 'name', message: 'is required' },
    ]);
    expect(problems).toEqual({
      general: 'funday: must be one of mon, tue, wed, thu, fri, sat, sun',
      days: { sat: 'must be a list of at most 6' },
      ranges: { 'mon[0]': 'must be ["HH:mm", "HH:mm"] with different open and close times', 'thu[1]': 'bad' },
    });
    expect(hoursProblems([{ field: 'openingHours', message: 'must be an object' }]).general).toBe('must be an object');
  });
});

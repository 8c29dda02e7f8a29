import type { FieldProblem } from '../../api/api-error';

/** The API's weekday keys, in the order a week is shown. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
/** The API takes at most this many ranges a day. */
export const MAX_RANGES = 6;

/** The API's shape: weekday → ["HH:mm", "HH:mm"] ranges; a day left out is closed. */
export type OpeningHours = Partial<Record<Weekday, string[][]>>;

export interface TimeRange {
  open: string;
  close: string;
}

/** A day as edited: its ranges stay while it is marked closed, so unticking "closed" gives them back. */
export interface DayHours {
  closed: boolean;
  ranges: TimeRange[];
}

/** `recorded: false` sends null: no hours known (geofence campaigns that wait for opening hours then treat the store as open). */
export interface HoursForm {
  recorded: boolean;
  days: Record<Weekday, DayHours>;
}

const STARTER: TimeRange = { open: '09:00', close: '17:00' };

/** The form for a store's stored hours; a closed day offers 09:00–17:00 when it is opened. */
export function hoursFormOf(hours: OpeningHours | null | undefined): HoursForm {
  const days = {} as Record<Weekday, DayHours>;
  for (const day of WEEKDAYS) {
    const ranges = hours?.[day] ?? [];
    days[day] = ranges.length > 0 ? { closed: false, ranges: ranges.map(([open, close]) => ({ open: open ?? '', close: close ?? '' })) } : { closed: true, ranges: [{ ...STARTER }] };
  }
  return { recorded: !!hours, days };
}

/**
 * The API body: open days with every range as typed, in order, so the API's
 * `openingHours.mon[1]` names the form's second Monday range. Checking is the API's.
 */
export function hoursBody(form: HoursForm): OpeningHours | null {
  if (!form.recorded) return null;
  const body: OpeningHours = {};
  for (const day of WEEKDAYS) {
    const { closed, ranges } = form.days[day];
    if (!closed && ranges.length > 0) body[day] = ranges.map((r) => [r.open, r.close]);
  }
  return body;
}

function withDay(form: HoursForm, day: Weekday, change: (d: DayHours) => DayHours): HoursForm {
  return { ...form, days: { ...form.days, [day]: change(form.days[day]) } };
}

export function setClosed(form: HoursForm, day: Weekday, closed: boolean): HoursForm {
  return withDay(form, day, (d) => ({ closed, ranges: !closed && d.ranges.length === 0 ? [{ ...STARTER }] : d.ranges }));
}

export function setRange(form: HoursForm, day: Weekday, index: number, change: Partial<TimeRange>): HoursForm {
  return withDay(form, day, (d) => ({ ...d, ranges: d.ranges.map((r, i) => (i === index ? { ...r, ...change } : r)) }));
}

/** Another range after the last: from its close, for an hour (up to MAX_RANGES). */
export function addRange(form: HoursForm, day: Weekday): HoursForm {
  return withDay(form, day, (d) => {
    if (d.ranges.length >= MAX_RANGES) return d;
    const last = d.ranges[d.ranges.length - 1];
    const next = last && minutesOf(last.close) !== undefined ? { open: last.close, close: timeOf(minutesOf(last.close)! + 60) } : { ...STARTER };
    return { ...d, ranges: [...d.ranges, next] };
  });
}

/** Removes a range; removing a day's last range closes the day. */
export function removeRange(form: HoursForm, day: Weekday, index: number): HoursForm {
  return withDay(form, day, (d) => {
    const ranges = d.ranges.filter((_, i) => i !== index);
    return ranges.length > 0 ? { ...d, ranges } : { closed: true, ranges: [{ ...STARTER }] };
  });
}

/** Monday's hours (or its being closed) on Tuesday to Friday. */
export function copyMondayToWeekdays(form: HoursForm): HoursForm {
  const monday = form.days.mon;
  const copy = (): DayHours => ({ closed: monday.closed, ranges: monday.ranges.map((r) => ({ ...r })) });
  return { ...form, days: { ...form.days, tue: copy(), wed: copy(), thu: copy(), fri: copy() } };
}

function minutesOf(time: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function timeOf(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** What a range means when it is not plain: a close before the open runs past midnight into the next day; "00:00" is midnight. */
export function rangeNote(range: TimeRange): string | undefined {
  const open = minutesOf(range.open);
  const close = minutesOf(range.close);
  if (open === undefined || close === undefined || open === close) return undefined;
  if (close === 0) return 'until midnight';
  return close < open ? `past midnight, until ${range.close} the next day` : undefined;
}

export interface HoursProblems {
  /** About the hours as a whole (not an object, an unknown weekday). */
  general?: string;
  /** About a day's list itself (too many ranges). */
  days: Partial<Record<Weekday, string>>;
  /** By `${day}[${index}]`: about one range. */
  ranges: Record<string, string>;
}

/** The API's problems under `openingHours`, placed at the whole, a day or a range (`openingHours.mon[0]`). */
export function hoursProblems(details: FieldProblem[]): HoursProblems {
  const out: HoursProblems = { days: {}, ranges: {} };
  for (const { field, message } of details) {
    if (field !== 'openingHours' && !field.startsWith('openingHours.')) continue;
    const m = /^openingHours\.(mon|tue|wed|thu|fri|sat|sun)(?:\[(\d+)\])?$/.exec(field);
    if (m && m[2] !== undefined) out.ranges[`${m[1]}[${m[2]}]`] ??= message;
    else if (m) out.days[m[1] as Weekday] ??= message;
    else out.general ??= field === 'openingHours' ? message : `${field.slice('openingHours.'.length)}: ${message}`;
  }
  return out;
}

// A wall-clock reader for specs built on Intl directly, so expectations do not lean on luxon or the code under test.
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const formatters = new Map<string, Intl.DateTimeFormat>();

export interface IntlReading {
  /** "YYYY-MM-DD" on the local calendar. */
  readonly date: string;
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  /** "HH:MM" on the local clock. */
  readonly hhmm: string;
  /** Milliseconds since local midnight, from the displayed fields. */
  readonly msOfDay: number;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function intlReading(ms: number, zone: string): IntlReading {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const msOfDay = ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + (((ms % 1000) + 1000) % 1000);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: WEEKDAYS.indexOf(parts.weekday) + 1, hhmm: `${parts.hour}:${parts.minute}`, msOfDay };
}

/** UTC offset in minutes at an instant, from the Intl reading. */
export function intlOffsetMinutes(ms: number, zone: string): number {
  const r = intlReading(ms, zone);
  const [y, m, d] = r.date.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) + r.msOfDay - ms) / 60_000);
}

const hhmmFormatters = new Map<string, Intl.DateTimeFormat>();

/** Just the "HH:MM" reading: cheap enough for minute-by-minute scans. */
export function intlHhmm(ms: number, zone: string): string {
  let f = hhmmFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    hhmmFormatters.set(zone, f);
  }
  return f.format(ms);
}

import type {
  BirthdayCondition, ConsentChannel, ConsentCondition, LocalTimeCondition, NearestStoreCondition, TagCondition,
} from '../segment-definition';
import type { CompileScope } from './compile-scope';

/** tag, consent, nearestStore, birthday, localTime: conditions on the customer row and the clock. */
export function compileTag(cond: TagCondition, scope: CompileScope): string {
  // Array containment can use a GIN index on tags if one is added.
  const contains = `c.tags @> ARRAY[${scope.param(cond.tag, 'text')}]`;
  return cond.present ? contains : `NOT (${contains})`;
}

// Fixed column names chosen by the validated channel; the user's text never reaches the SQL.
const CONSENT_COLUMNS: Record<ConsentChannel, string> = {
  email: 'c.consent_email',
  sms: 'c.consent_sms',
  location: 'c.consent_location',
};

export function compileConsent(cond: ConsentCondition, scope: CompileScope): string {
  const column = CONSENT_COLUMNS[cond.channel];
  return cond.status === 'unknown' ? `${column} IS NULL` : `${column} = ${scope.param(cond.status, 'text')}`;
}

export function compileNearestStore(cond: NearestStoreCondition, scope: CompileScope): string {
  return `c.nearest_location_id = ${scope.param(cond.storeId, 'uuid')}`;
}

export function compileBirthday(cond: BirthdayCondition, scope: CompileScope): string {
  if ('month' in cond) return `extract(month FROM c.birthday) = ${scope.param(cond.month, 'int')}`;
  // A customer's local date is the UTC date or the day either side (zones span UTC-12..+14), so
  // the birthdays due within N days are listed here for each of the three dates, as month*100+day
  // keys; the query only picks the list of the customer's local date and tests membership.
  const key = "(date_part('month', c.birthday) * 100 + date_part('day', c.birthday))::int";
  const today = Date.UTC(scope.ctx.now.getUTCFullYear(), scope.ctx.now.getUTCMonth(), scope.ctx.now.getUTCDate()) / DAY_MS;
  const arms = [-1, 0, 1].map((offset) => {
    const date = new Date((today + offset) * DAY_MS).toISOString().slice(0, 10);
    return `WHEN ${scope.param(date, 'date')} THEN ${key} = ANY(${scope.param(birthdayKeysWithin(today + offset, cond.withinNextDays), 'int[]')})`;
  });
  return `(c.birthday IS NOT NULL AND CASE (${scope.localNow()})::date\n  ${arms.join('\n  ')}\n  ELSE false END)`;
}

const DAY_MS = 86_400_000;
// Every calendar (month, day) a birthday can fall on, Feb 29 included.
const CALENDAR = Array.from({ length: 12 }, (_, m) => Array.from({ length: new Date(Date.UTC(2000, m + 1, 0)).getUTCDate() }, (_d, d) => [m + 1, d + 1]))
  .flat();

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The month*100+day keys of birthdays whose next occurrence (this year's if
 * not yet passed, else next year's; Feb 29 falls on Feb 28 in common years)
 * lies in [day, day + within], `day` counted in days since 1970-01-01.
 */
function birthdayKeysWithin(day: number, within: number): number[] {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  const keys: number[] = [];
  for (const [month, dom] of CALENDAR) {
    for (const y of [year, year + 1]) {
      const celebrated = month === 2 && dom === 29 && !isLeapYear(y) ? 28 : dom;
      const away = Date.UTC(y, month - 1, celebrated) / DAY_MS - day;
      if (away < 0) continue;
      if (away <= within) keys.push(month * 100 + dom);
      break;
    }
  }
  return keys;
}

export function compileLocalTime(cond: LocalTimeCondition, scope: CompileScope): string {
  const parts: string[] = [];
  if (cond.hours) {
    const hour = `extract(hour FROM ${scope.localNow()})`;
    const [from, to] = cond.hours;
    const fromRef = scope.param(from, 'int');
    const toRef = scope.param(to, 'int');
    // from > to wraps past midnight: [22, 2] is 22:00–02:59.
    parts.push(from <= to ? `${hour} BETWEEN ${fromRef} AND ${toRef}` : `(${hour} >= ${fromRef} OR ${hour} <= ${toRef})`);
  }
  if (cond.weekdays) {
    parts.push(`extract(isodow FROM ${scope.localNow()})::int = ANY(${scope.param(cond.weekdays, 'int[]')})`);
  }
  return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
}

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
  // The birthday this year or next (Feb 29 falls on Feb 28 in common years) lies in [today, today + N].
  const month = 'extract(month FROM c.birthday)::int';
  const day = 'extract(day FROM c.birthday)::int';
  const leap = '(yr.y % 4 = 0 AND (yr.y % 100 <> 0 OR yr.y % 400 = 0))';
  return `(c.birthday IS NOT NULL AND EXISTS (
  SELECT 1
    FROM (SELECT ${scope.localNow()}::date AS today) t
   CROSS JOIN (VALUES (0), (1)) AS ahead(n)
   CROSS JOIN LATERAL (SELECT extract(year FROM t.today)::int + ahead.n AS y) yr
   WHERE make_date(yr.y, ${month}, CASE WHEN ${month} = 2 AND ${day} = 29 AND NOT ${leap} THEN 28 ELSE ${day} END)
         BETWEEN t.today AND t.today + ${scope.param(cond.withinNextDays, 'int')}))`;
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

import { DateTime } from 'luxon';
import {
  ATTRIBUTE_PREFIX, BUILT_IN_FIELDS, type AttributeCondition, type BirthdayCondition, type BuiltInField, type ConsentCondition,
  type LocalTimeCondition, type SegmentContext, type TagCondition,
} from '../segment-definition';
import type { EvalCustomer } from './evaluation-data';
import { matchColumnValue, matchJsonValue } from './evaluate-values';

export function evaluateAttribute(cond: AttributeCondition, customer: EvalCustomer): boolean {
  if (cond.field.startsWith(ATTRIBUTE_PREFIX)) {
    const key = cond.field.slice(ATTRIBUTE_PREFIX.length);
    return matchJsonValue(Object.hasOwn(customer.attributes, key) ? customer.attributes[key] : undefined, cond);
  }
  const field = cond.field as BuiltInField;
  const raw = customer[field];
  const actual = raw instanceof Date ? raw.toISOString() : raw;
  // Instants compare as moments, everything else as itself (dates as YYYY-MM-DD text sort correctly).
  const toKey = BUILT_IN_FIELDS[field].kind === 'instant' ? (v: string | number) => Date.parse(String(v)) : (v: string | number) => v;
  return matchColumnValue(actual, cond, toKey);
}

export function evaluateTag(cond: TagCondition, customer: EvalCustomer): boolean {
  return customer.tags.includes(cond.tag) === cond.present;
}

export function evaluateConsent(cond: ConsentCondition, customer: EvalCustomer): boolean {
  return (customer.consent[cond.channel] ?? 'unknown') === cond.status;
}

function localClock(customer: EvalCustomer, ctx: SegmentContext): DateTime {
  return DateTime.fromJSDate(ctx.now, { zone: customer.timezone ?? ctx.businessTimezone });
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function evaluateBirthday(cond: BirthdayCondition, customer: EvalCustomer, ctx: SegmentContext): boolean {
  if (!customer.birthday) return false;
  const [, month, day] = customer.birthday.split('-').map(Number);
  if ('month' in cond) return month === cond.month;
  const today = localClock(customer, ctx);
  const todayNumber = Date.UTC(today.year, today.month - 1, today.day) / 86_400_000;
  // Next birthday: this year's if not yet passed, else next year's; Feb 29 is celebrated on Feb 28 in common years.
  for (const year of [today.year, today.year + 1]) {
    const celebrated = month === 2 && day === 29 && !isLeapYear(year) ? 28 : day;
    const daysAway = Date.UTC(year, month - 1, celebrated) / 86_400_000 - todayNumber;
    if (daysAway >= 0) return daysAway <= cond.withinNextDays;
  }
  return false;
}

export function evaluateLocalTime(cond: LocalTimeCondition, customer: EvalCustomer, ctx: SegmentContext): boolean {
  const local = localClock(customer, ctx);
  if (cond.hours) {
    const [from, to] = cond.hours;
    const inHours = from <= to ? local.hour >= from && local.hour <= to : local.hour >= from || local.hour <= to;
    if (!inHours) return false;
  }
  return !cond.weekdays || cond.weekdays.includes(local.weekday);
}

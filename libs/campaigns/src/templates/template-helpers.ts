import type { HelperOptions } from 'handlebars';
import { DateTime, Info } from 'luxon';

/**
 * The helpers templates may call, with their argument counts and whether they
 * open a block. The validator rejects any other helper and wrong arities.
 */
export interface HelperSpec {
  minArgs: number;
  maxArgs: number;
  /** 'inline': `{{h x}}` or `(h x)`; 'block': only `{{#h x}}`; 'both'. */
  usage: 'inline' | 'block' | 'both';
}

export const TEMPLATE_HELPERS: Readonly<Record<string, HelperSpec>> = {
  // Handlebars built-ins kept available (log and helperMissing are not).
  if: { minArgs: 1, maxArgs: 1, usage: 'block' },
  unless: { minArgs: 1, maxArgs: 1, usage: 'block' },
  each: { minArgs: 1, maxArgs: 1, usage: 'block' },
  with: { minArgs: 1, maxArgs: 1, usage: 'block' },
  lookup: { minArgs: 2, maxArgs: 2, usage: 'inline' },
  formatDate: { minArgs: 1, maxArgs: 3, usage: 'inline' },
  money: { minArgs: 1, maxArgs: 2, usage: 'inline' },
  default: { minArgs: 2, maxArgs: 2, usage: 'inline' },
  upper: { minArgs: 1, maxArgs: 1, usage: 'inline' },
  lower: { minArgs: 1, maxArgs: 1, usage: 'inline' },
  capitalize: { minArgs: 1, maxArgs: 1, usage: 'inline' },
  eq: { minArgs: 2, maxArgs: 2, usage: 'both' },
};

export const DEFAULT_LOCALE = 'en-US';
const DEFAULT_DATE_FORMAT = 'DDD';

export type HelperFunction = (this: unknown, ...args: unknown[]) => unknown;

/** Handlebars passes its options object last; the rest are the template's arguments. */
function split(raw: unknown[]): { args: unknown[]; options: HelperOptions } {
  return { args: raw.slice(0, -1), options: raw[raw.length - 1] as HelperOptions };
}

function rootOf(options: HelperOptions): Record<string, unknown> {
  const root: unknown = options.data?.root;
  return isRecord(root) ? root : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(root: Record<string, unknown>, section: string, key: string): unknown {
  const value = root[section];
  return isRecord(value) ? value[key] : undefined;
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function localeOf(root: Record<string, unknown>): string {
  const locale = field(root, 'business', 'locale');
  return typeof locale === 'string' && locale !== '' ? locale : DEFAULT_LOCALE;
}

/** The first valid IANA zone: the argument, then the customer's, then the business's, then UTC. */
function zoneOf(explicit: unknown, root: Record<string, unknown>): string {
  const candidates = [explicit, field(root, 'customer', 'timezone'), field(root, 'business', 'timezone')];
  const zone = candidates.find((c): c is string => typeof c === 'string' && Info.isValidIANAZone(c));
  return zone ?? 'UTC';
}

function toDateTime(value: unknown, zone: string): DateTime | undefined {
  let parsed: DateTime | undefined;
  if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone });
  else if (typeof value === 'number') parsed = DateTime.fromMillis(value, { zone });
  // A date without a time ("1990-06-15", a birthday) is read as midnight in `zone`, so it prints as the same
  // calendar date in every zone; a timestamp with an offset is converted to `zone`.
  else if (typeof value === 'string') parsed = DateTime.fromISO(value, { zone });
  return parsed?.isValid ? parsed : undefined;
}

/** `{{formatDate value format? zone?}}`: luxon format tokens ("MMMM d"); empty when the value is missing or not a date. */
function formatDate(...raw: unknown[]): string {
  const { args, options } = split(raw);
  const [value, format, zone] = args;
  const root = rootOf(options);
  const date = toDateTime(value, zoneOf(zone, root));
  if (!date) return '';
  return date.setLocale(localeOf(root)).toFormat(typeof format === 'string' && format !== '' ? format : DEFAULT_DATE_FORMAT);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, currency: string | undefined): Intl.NumberFormat {
  const key = `${locale}|${currency ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency })
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    numberFormats.set(key, format);
  }
  return format;
}

/** `{{money amount currency?}}`: amount in major units, currency defaults to business.currency. */
function money(...raw: unknown[]): string {
  const { args, options } = split(raw);
  const [value, explicitCurrency] = args;
  const amount = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return '';
  const root = rootOf(options);
  const currency = [explicitCurrency, field(root, 'business', 'currency')].find((c): c is string => typeof c === 'string' && c !== '');
  try {
    return numberFormat(localeOf(root), currency?.toUpperCase()).format(amount);
  } catch {
    // An unknown currency code or locale: still show the amount rather than fail a send.
    return `${amount.toFixed(2)}${currency ? ` ${currency}` : ''}`;
  }
}

/** `{{default value fallback}}`: the fallback when the value is null, undefined or an empty string. */
function fallback(...raw: unknown[]): unknown {
  const [value, alternative] = split(raw).args;
  return value === null || value === undefined || value === '' ? alternative : value;
}

function capitalize(...raw: unknown[]): string {
  const value = text(split(raw).args[0]);
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** `{{eq a b}}` returns a boolean for `#if (eq a b)`; `{{#eq a b}}...{{else}}...{{/eq}}` picks a branch. */
function eq(this: unknown, ...raw: unknown[]): unknown {
  const { args, options } = split(raw);
  const [a, b] = args;
  const equal = a === b || (a === null && b === undefined) || (a === undefined && b === null);
  if (typeof options.fn !== 'function') return equal;
  return equal ? options.fn(this) : options.inverse(this);
}

/** The custom helpers, to register on an isolated Handlebars environment. */
export function templateHelpers(): Record<string, HelperFunction> {
  return {
    formatDate,
    money,
    default: fallback,
    upper: (...raw) => text(split(raw).args[0]).toUpperCase(),
    lower: (...raw) => text(split(raw).args[0]).toLowerCase(),
    capitalize,
    eq,
  };
}

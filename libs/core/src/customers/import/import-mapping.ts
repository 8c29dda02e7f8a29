import { DomainError, type FieldProblem } from '../../errors/domain-error';
import { ATTRIBUTE_LIMITS } from '../customer.input';
import { CONSENT_CHANNELS, type ConsentChannel } from '../customer.types';
import { CONSENT_WORDS, matchHeader, type ColumnMatchKind } from './import-headers';
import type { IgnoredImportColumn, ImportColumn } from './import.types';

const TEXT_KEYS = ['externalId', 'email', 'phone', 'firstName', 'lastName', 'birthday', 'timezone'] as const;
const NUMBER_KEYS = ['lat', 'lng'] as const;
const ADDRESS_KEYS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
const ATTRIBUTE_TYPES = ['string', 'number', 'boolean'] as const;
// 'auto' keeps an NDJSON value's own JSON type; a CSV cell is then a string.
type AttributeType = (typeof ATTRIBUTE_TYPES)[number] | 'auto';

/** Where one source value goes; `path` is the field name used in row errors. */
export type FieldTarget =
  | { kind: 'text'; key: (typeof TEXT_KEYS)[number]; path: string }
  | { kind: 'number'; key: (typeof NUMBER_KEYS)[number]; path: string }
  | { kind: 'tags'; path: string }
  | { kind: 'address'; key: (typeof ADDRESS_KEYS)[number]; path: string }
  | { kind: 'consent'; channel: ConsentChannel; path: string }
  | { kind: 'attribute'; key: string; type: AttributeType; path: string };

/** One mapped source column (CSV: with its index) or NDJSON key. */
export interface ColumnBinding {
  source: string;
  index: number;
  target: FieldTarget;
  /** The target as the mapping or the header named it, e.g. "attributes.visits:number". */
  name: string;
  match: ColumnMatchKind;
}

/** The request's mapping, validated: columns it reads and columns it drops. */
export interface ExplicitMapping {
  bindings: ColumnBinding[];
  dropped: string[];
}

/** What the import reads from a file: bindings for the rows, columns and ignored columns for the report. */
export interface SourceBinding {
  bindings: ColumnBinding[];
  columns: ImportColumn[];
  ignored: IgnoredImportColumn[];
}

const includes = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** Parses a mapping target such as "email", "address.city" or "attributes.visits:number". */
export function parseTarget(target: string): FieldTarget | string {
  if (includes(TEXT_KEYS, target)) return { kind: 'text', key: target, path: target };
  if (includes(NUMBER_KEYS, target)) return { kind: 'number', key: target, path: target };
  if (target === 'tags') return { kind: 'tags', path: target };
  const dot = target.indexOf('.');
  const [group, rest] = dot < 0 ? [target, ''] : [target.slice(0, dot), target.slice(dot + 1)];
  if (group === 'address') {
    if (includes(ADDRESS_KEYS, rest)) return { kind: 'address', key: rest, path: target };
    return `unknown address field "${rest}"; use one of ${ADDRESS_KEYS.join(', ')}`;
  }
  if (group === 'consent') {
    if (includes(CONSENT_CHANNELS, rest)) return { kind: 'consent', channel: rest, path: target };
    return `unknown consent channel "${rest}"; use email, sms or location`;
  }
  if (group === 'attributes') {
    const colon = rest.lastIndexOf(':');
    const key = colon < 0 ? rest : rest.slice(0, colon);
    const type = colon < 0 ? 'auto' : rest.slice(colon + 1);
    if (!ATTRIBUTE_LIMITS.keyPattern.test(key)) return `attribute key "${key}" must start with a letter or _ and hold only letters, digits and _ (max 64)`;
    if (type !== 'auto' && !includes(ATTRIBUTE_TYPES, type)) return `attribute type "${type}" must be string, number or boolean`;
    return { kind: 'attribute', key, type: type as AttributeType, path: `attributes.${key}` };
  }
  return `unknown target "${target}"; use externalId, email, phone, firstName, lastName, birthday, timezone, lat, lng, tags, address.<field>, consent.<channel>, attributes.<key>[:type], or null / "ignore" to drop the column`;
}

function invalidMapping(problems: FieldProblem[]): DomainError {
  return DomainError.invalid('INVALID_MAPPING', problems);
}

/** The mapping value that drops a column, besides null. */
export const DROP_COLUMN = 'ignore';

/** Validates a mapping before any data is read: every target known, none mapped twice. */
export function validateMapping(mapping: Record<string, string | null>): ExplicitMapping {
  const problems: FieldProblem[] = [];
  const bindings: ColumnBinding[] = [];
  const dropped: string[] = [];
  const byPath = new Map<string, string>();
  for (const [source, value] of Object.entries(mapping)) {
    const name = typeof value === 'string' ? value.trim() : value;
    if (name === null || name === DROP_COLUMN) {
      dropped.push(source);
      continue;
    }
    const parsed = typeof name === 'string' ? parseTarget(name) : 'must be a target field name, null or "ignore"';
    if (typeof parsed === 'string') {
      problems.push({ field: `mapping.${source}`, message: parsed });
      continue;
    }
    const previous = byPath.get(parsed.path);
    if (previous !== undefined) problems.push({ field: `mapping.${source}`, message: `${parsed.path} is already mapped from "${previous}"` });
    byPath.set(parsed.path, source);
    bindings.push({ source, index: -1, target: parsed, name: name as string, match: 'explicit' });
  }
  if (problems.length > 0) throw invalidMapping(problems);
  return { bindings, dropped };
}

const IDENTITY_KEYS = ['externalId', 'email', 'phone'];

function requireIdentity(bindings: ColumnBinding[]): void {
  const identity = bindings.some((b) => b.target.kind === 'text' && IDENTITY_KEYS.includes(b.target.key));
  if (!identity) throw invalidMapping([{ field: 'mapping', message: 'no column maps to externalId, email or phone' }]);
}

function describe(bindings: ColumnBinding[], ignored: IgnoredImportColumn[]): SourceBinding {
  return { bindings, columns: bindings.map((b) => ({ column: b.source, target: b.name, match: b.match })), ignored };
}

/** NDJSON lines are read in the API shape; the mapping converts or drops the keys it names. */
export function bindNdjsonKeys(explicit: ExplicitMapping | undefined): SourceBinding {
  const dropped = (explicit?.dropped ?? []).map((column): IgnoredImportColumn => ({ column, reason: 'dropped', message: 'the mapping drops this key' }));
  return describe(explicit?.bindings ?? [], dropped);
}

/** The automatic candidate for a column, or a reason it has none. */
function autoTarget(name: string): { target: FieldTarget; name: string; match: 'exact' | 'alias' } | undefined | string {
  const found = matchHeader(name);
  if (!found) return undefined;
  const target = parseTarget(found.target);
  return typeof target === 'string' ? target : { target, name: found.target, match: found.how };
}

/**
 * Binds a CSV header: the mapping's columns first, then every other column the
 * header matching recognises (IMPORT_HEADER_TARGETS). When several columns
 * would fill one field, an explicit one wins, then an exact name over an
 * alias, then the leftmost; the others are reported as ignored.
 */
export function bindCsvHeader(header: string[], explicit: ExplicitMapping | undefined): SourceBinding {
  const names = header.map((h) => h.trim());
  const mapped = explicit?.bindings ?? [];
  const dropped = new Set(explicit?.dropped.map((d) => d.trim()));
  const missing = [...mapped.map((b) => b.source), ...(explicit?.dropped ?? [])].filter((source) => !names.includes(source.trim()));
  if (missing.length > 0) throw invalidMapping(missing.map((source) => ({ field: `mapping.${source}`, message: `column "${source}" is not in the CSV header` })));

  const chosen = new Map<string, ColumnBinding>();
  for (const b of mapped) chosen.set(b.target.path, { ...b, index: names.indexOf(b.source.trim()) });
  const explicitIndexes = new Set([...chosen.values()].map((b) => b.index));
  const ignored: { index: number; column: IgnoredImportColumn }[] = [];
  const ignore = (index: number, reason: IgnoredImportColumn['reason'], message: string) => ignored.push({ index, column: { column: names[index], reason, message } });
  const problems: FieldProblem[] = [];
  const candidates: ColumnBinding[] = [];
  names.forEach((name, index) => {
    if (explicitIndexes.has(index)) return;
    if (dropped.has(name)) return ignore(index, 'dropped', 'the mapping drops this column');
    // A second column with a name the mapping reads: the mapping reads the first one.
    if (mapped.some((b) => b.source.trim() === name)) return ignore(index, 'duplicate', `the mapping reads the first column named "${name}"`);
    const auto = autoTarget(name);
    if (typeof auto === 'string') problems.push({ field: `header.${name}`, message: auto });
    else if (auto === undefined) ignore(index, 'unrecognised', name === '' ? 'the column has no header' : `not a recognised header; map it to a field, e.g. {"${name}": "attributes.${suggestKey(name)}"}`);
    else candidates.push({ source: name, index, ...auto });
  });
  if (problems.length > 0) throw invalidMapping(problems);

  // Exact names before aliases, then left to right.
  candidates.sort((a, b) => (a.match === b.match ? a.index - b.index : a.match === 'exact' ? -1 : 1));
  for (const c of candidates) {
    const winner = chosen.get(c.target.path);
    if (winner) ignore(c.index, 'duplicate', `${c.target.path} is read from column "${winner.source}"`);
    else chosen.set(c.target.path, c);
  }
  const bindings = [...chosen.values()].sort((a, b) => a.index - b.index);
  requireIdentity(bindings);
  return describe(bindings, ignored.sort((a, b) => a.index - b.index).map((i) => i.column));
}

/** An attribute key made from a header, for the hint in an ignored column's message. */
function suggestKey(header: string): string {
  const words = header.replace(/[^A-Za-z0-9]+/g, ' ').trim().toLowerCase().split(' ').filter((w) => w !== '');
  const key = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
  return /^[A-Za-z_]/.test(key) ? key.slice(0, 64) : `_${key}`.slice(0, 64);
}

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);
const GRANTED_WORDS = new Set<string>(CONSENT_WORDS.granted);
const DENIED_WORDS = new Set<string>(CONSENT_WORDS.denied);

function parseNumber(value: string): number | undefined {
  if (!NUMBER_RE.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function parseWord(value: string, yes: Set<string>, no: Set<string>): boolean | undefined {
  const word = value.toLowerCase();
  return yes.has(word) ? true : no.has(word) ? false : undefined;
}

type Raw = Record<string, unknown>;
type Problems = { field: string; message: string }[];

// An NDJSON line may hold a non-object under a key the mapping also fills: the mapped value wins.
function child(raw: Raw, key: string): Raw {
  const value = raw[key];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Raw;
  return (raw[key] = {});
}

/**
 * Puts one source value into the raw customer object normalizeCustomer reads.
 * Empty and missing values are "not provided"; text cells are converted
 * (tags split on ; or |, consent words, typed attributes).
 */
export function applyValue(raw: Raw, target: FieldTarget, input: unknown, problems: Problems): void {
  if (input === undefined || input === null) return;
  const value = typeof input === 'string' ? input.trim() : input;
  if (typeof value === 'string') {
    if (value === '') return;
    // PostgreSQL text and jsonb cannot hold NUL.
    if (value.includes('\0')) {
      problems.push({ field: target.path, message: 'must not contain NUL characters' });
      return;
    }
  }
  switch (target.kind) {
    case 'text':
      raw[target.key] = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      return;
    case 'number':
      if (typeof value === 'string') {
        const n = parseNumber(value);
        if (n === undefined) problems.push({ field: target.path, message: 'must be a number' });
        else raw[target.key] = n;
      } else raw[target.key] = value;
      return;
    case 'tags':
      raw.tags = typeof value === 'string' ? value.split(/[;|]/).map((t) => t.trim()).filter((t) => t !== '') : value;
      return;
    case 'address':
      child(raw, 'address')[target.key] = value;
      return;
    case 'consent':
      applyConsent(raw, target, value, problems);
      return;
    case 'attribute':
      applyAttribute(raw, target, value, problems);
  }
}

function applyConsent(raw: Raw, target: FieldTarget & { kind: 'consent' }, value: unknown, problems: Problems): void {
  const granted = typeof value === 'string' ? parseWord(value, GRANTED_WORDS, DENIED_WORDS) : typeof value === 'boolean' ? value : undefined;
  if (granted !== undefined) child(raw, 'consent')[target.channel] = { status: granted ? 'granted' : 'denied' };
  else if (typeof value === 'object') child(raw, 'consent')[target.channel] = value;
  else problems.push({ field: target.path, message: 'must be granted or denied (also yes/no, true/false, 1/0, y/n, subscribed/unsubscribed)' });
}

function applyAttribute(raw: Raw, target: FieldTarget & { kind: 'attribute' }, value: unknown, problems: Problems): void {
  let typed: unknown = value;
  if (target.type === 'string') {
    typed = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  } else if (target.type === 'number' && typeof value !== 'number') {
    typed = typeof value === 'string' ? parseNumber(value) : undefined;
    if (typed === undefined) problems.push({ field: target.path, message: 'must be a number' });
  } else if (target.type === 'boolean' && typeof value !== 'boolean') {
    typed = typeof value === 'string' ? parseWord(value, TRUE_WORDS, FALSE_WORDS) : undefined;
    if (typed === undefined) problems.push({ field: target.path, message: 'must be true or false (also yes/no, 1/0, y/n)' });
  }
  if (typed !== undefined) child(raw, 'attributes')[target.key] = typed;
}

/** The source column a reported field came from (longest matching target path). */
export function columnOf(field: string, bindings: readonly ColumnBinding[]): string | undefined {
  let best: ColumnBinding | undefined;
  for (const b of bindings) {
    const path = b.target.path;
    const hit = field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`);
    if (hit && (!best || path.length > best.target.path.length)) best = b;
  }
  return best?.source;
}

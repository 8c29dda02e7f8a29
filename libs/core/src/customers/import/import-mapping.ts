import { DomainError, type FieldProblem } from '../../errors/domain-error';
import { ATTRIBUTE_LIMITS } from '../customer-input';
import { CONSENT_CHANNELS, type ConsentChannel } from '../customer.types';

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
  return `unknown target "${target}"; use externalId, email, phone, firstName, lastName, birthday, timezone, lat, lng, tags, address.<field>, consent.<channel> or attributes.<key>[:type]`;
}

function invalidMapping(problems: FieldProblem[]): DomainError {
  return DomainError.invalid('INVALID_MAPPING', problems);
}

/** Validates a mapping before any data is read: every target known, none mapped twice. */
export function validateMapping(mapping: Record<string, string>): ColumnBinding[] {
  const problems: FieldProblem[] = [];
  const bindings: ColumnBinding[] = [];
  const byPath = new Map<string, string>();
  for (const [source, target] of Object.entries(mapping)) {
    const parsed = typeof target === 'string' ? parseTarget(target.trim()) : 'must be a target field name';
    if (typeof parsed === 'string') {
      problems.push({ field: `mapping.${source}`, message: parsed });
      continue;
    }
    const previous = byPath.get(parsed.path);
    if (previous !== undefined) problems.push({ field: `mapping.${source}`, message: `${parsed.path} is already mapped from "${previous}"` });
    byPath.set(parsed.path, source);
    bindings.push({ source, index: -1, target: parsed });
  }
  if (problems.length > 0) throw invalidMapping(problems);
  requireIdentity(bindings);
  return bindings;
}

function requireIdentity(bindings: ColumnBinding[]): void {
  const identity = bindings.some((b) => b.target.kind === 'text' && ['externalId', 'email', 'phone'].includes(b.target.key));
  if (!identity) throw invalidMapping([{ field: 'mapping', message: 'no column maps to externalId, email or phone' }]);
}

// "First Name", "first_name" and "firstname" all name firstName; "address.postal_code" names address.postalCode.
const canonical = (name: string) => name.toLowerCase().replace(/[\s_.-]/g, '');
const DEFAULT_TARGETS = new Map<string, string>(
  [...TEXT_KEYS, ...NUMBER_KEYS, 'tags', ...ADDRESS_KEYS.map((k) => `address.${k}`), ...CONSENT_CHANNELS.map((c) => `consent.${c}`)].map((t) => [
    canonical(t),
    t,
  ]),
);

/** Binds a CSV header to targets: through the mapping, or by header names when there is none. */
export function bindCsvHeader(header: string[], mapping: ColumnBinding[] | undefined): ColumnBinding[] {
  const names = header.map((h) => h.trim());
  if (mapping) {
    const missing = mapping.filter((b) => !names.includes(b.source.trim()));
    if (missing.length > 0) {
      throw invalidMapping(missing.map((b) => ({ field: `mapping.${b.source}`, message: `column "${b.source}" is not in the CSV header` })));
    }
    return mapping.map((b) => ({ ...b, index: names.indexOf(b.source.trim()) }));
  }
  const bindings: ColumnBinding[] = [];
  const byPath = new Map<string, string>();
  const problems: FieldProblem[] = [];
  names.forEach((name, index) => {
    const targetName = /^attributes\./i.test(name) ? `attributes.${name.slice('attributes.'.length)}` : DEFAULT_TARGETS.get(canonical(name));
    if (targetName === undefined) return;
    const target = parseTarget(targetName);
    if (typeof target === 'string') {
      problems.push({ field: `header.${name}`, message: target });
      return;
    }
    const previous = byPath.get(target.path);
    if (previous !== undefined) problems.push({ field: `header.${name}`, message: `${target.path} is already read from column "${previous}"; pass a mapping` });
    byPath.set(target.path, name);
    bindings.push({ source: name, index, target });
  });
  if (problems.length > 0) throw invalidMapping(problems);
  requireIdentity(bindings);
  return bindings;
}

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);
const GRANTED_WORDS = new Set(['granted', ...TRUE_WORDS]);
const DENIED_WORDS = new Set(['denied', ...FALSE_WORDS]);

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

function child(raw: Raw, key: string): Raw {
  return (raw[key] ??= {}) as Raw;
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
  else problems.push({ field: target.path, message: 'must be granted or denied (also yes/no, true/false, 1/0, y/n)' });
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

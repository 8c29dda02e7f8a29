import { DomainError, type FieldProblem } from '@localreach/core';
import { TEMPLATE_CHANNELS, TEMPLATE_FIELDS, TEMPLATE_LIMITS, TEMPLATE_PARTIALS, type EmailTemplate, type Template, type TemplateChannel } from './template-definition';
import { checkTemplateSource, sourceReadsRoot, type SourceCheckOptions } from './template-source-check';

/** The Handlebars sources a template may carry (which ones, by channel: TEMPLATE_FIELDS). */
export type TemplateSourceField = 'subject' | 'preheader' | 'html' | 'text' | 'body';
type SourceField = TemplateSourceField;

interface FieldRule {
  required: boolean;
  check: SourceCheckOptions;
  limit: (source: string) => string | undefined;
}

const PLAIN: SourceCheckOptions = { partials: [], allowUnescaped: true };

const chars = (source: string): number => Array.from(source).length;
const htmlBytes = (source: string): string | undefined =>
  Buffer.byteLength(source, 'utf8') > TEMPLATE_LIMITS.htmlMaxBytes ? `must be at most ${TEMPLATE_LIMITS.htmlMaxBytes / 1024} KB` : undefined;

const RULES: Record<TemplateChannel, Partial<Record<SourceField, FieldRule>>> = {
  email: {
    subject: {
      required: true,
      check: PLAIN,
      limit: (s) => {
        if (chars(s) > TEMPLATE_LIMITS.subjectMaxChars) return `must be at most ${TEMPLATE_LIMITS.subjectMaxChars} characters`;
        return /[\r\n]/.test(s) ? 'must be a single line' : undefined;
      },
    },
    // Plain text, escaped whole when put into the html.
    preheader: {
      required: false,
      check: PLAIN,
      limit: (s) => {
        if (chars(s) > TEMPLATE_LIMITS.preheaderMaxChars) return `must be at most ${TEMPLATE_LIMITS.preheaderMaxChars} characters`;
        return /[\r\n]/.test(s) ? 'must be a single line' : undefined;
      },
    },
    html: { required: true, check: { partials: TEMPLATE_PARTIALS, allowUnescaped: false }, limit: htmlBytes },
    text: { required: false, check: PLAIN, limit: htmlBytes },
  },
  sms: {
    body: {
      required: true,
      check: PLAIN,
      limit: (s) => (chars(s) > TEMPLATE_LIMITS.smsBodyMaxChars ? `must be at most ${TEMPLATE_LIMITS.smsBodyMaxChars} characters` : undefined),
    },
  },
};

export const TEMPLATE_SOURCE_FIELDS: readonly TemplateSourceField[] = ['subject', 'preheader', 'html', 'text', 'body'];
const SOURCE_FIELDS = TEMPLATE_SOURCE_FIELDS;

/**
 * Checks a template and returns it with only its channel's fields. Throws
 * `DomainError` INVALID_TEMPLATE listing every problem, each on its field:
 * shape, required fields, length limits, and for each source its syntax,
 * unknown variables, helpers and partials with their line
 * (`body: line 1: unknown variable "customer.frist_name"`).
 */
export function validateTemplate(input: unknown): Template {
  const problems = templateProblems(input);
  if (problems.length > 0) throw DomainError.invalid('INVALID_TEMPLATE', problems);
  return templateOf(input as TemplateFields);
}

/** A template's fields as given: a channel and its sources. */
export type TemplateFields = { channel: TemplateChannel } & Partial<Record<TemplateSourceField, string>>;

/** A checked template with only its channel's fields. */
export function templateOf(fields: TemplateFields): Template {
  if (fields.channel === 'sms') return { channel: 'sms', body: fields.body as string };
  const email: EmailTemplate = { channel: 'email', subject: fields.subject as string, html: fields.html as string };
  if (typeof fields.text === 'string') email.text = fields.text;
  if (typeof fields.preheader === 'string') email.preheader = fields.preheader;
  return email;
}

/**
 * Every problem of a template, without throwing. `partials`: the names its
 * html may use (the shipped layout by default; a business's own partials
 * added, or '*' to leave names to a later check).
 */
export function templateProblems(input: unknown, partials: PartialNames = TEMPLATE_PARTIALS): FieldProblem[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [{ field: 'template', message: 'must be an object with a channel' }];
  }
  const node = input as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const channel = TEMPLATE_CHANNELS.find((c) => c === node.channel);
  if (!channel) {
    const message = node.channel === undefined ? 'is required' : `must be one of ${TEMPLATE_CHANNELS.join(', ')}`;
    problems.push({ field: 'channel', message });
  }
  for (const key of Object.keys(node)) {
    if (key !== 'channel' && !SOURCE_FIELDS.includes(key as SourceField)) problems.push({ field: key, message: 'is not an allowed key' });
  }
  for (const field of SOURCE_FIELDS) problems.push(...templateSourceProblems(field, node[field], channel, partials).map((message) => ({ field, message })));
  return problems;
}

/**
 * The problems of one source field of a template on `channel`: required or not
 * allowed there, then its length and Handlebars (syntax, variables, helpers,
 * partials, with their line). Without a known channel a source given is
 * checked with its own channel's rules (html's for html).
 */
export function templateSourceProblems(field: TemplateSourceField, value: unknown, channel: TemplateChannel | undefined, partials: PartialNames = TEMPLATE_PARTIALS): string[] {
  if (channel && !TEMPLATE_FIELDS[channel].includes(field)) return value === undefined ? [] : [`is not allowed in ${channel} templates`];
  const rule = channel ? RULES[channel][field] : (RULES.email[field] ?? RULES.sms[field]);
  if (!rule || (channel === undefined && value === undefined)) return [];
  // Partials are html: only the html field may use them.
  const check = rule.check.partials.length > 0 ? { ...rule, check: { ...rule.check, partials } } : rule;
  return sourceProblems(field, value, check).map((p) => p.message);
}

/** The partial names a template's html may use, or '*' to check them later. */
export type PartialNames = readonly string[] | '*';

function sourceProblems(field: SourceField, value: unknown, rule: FieldRule): FieldProblem[] {
  if (value === undefined) return rule.required ? [{ field, message: 'is required' }] : [];
  if (typeof value !== 'string') return [{ field, message: 'must be a string' }];
  if (value.trim() === '') return [{ field, message: rule.required ? 'must not be empty' : 'must not be empty; omit it to derive the text from html' }];
  const tooLong = rule.limit(value);
  if (tooLong) return [{ field, message: tooLong }];
  return checkTemplateSource(value, rule.check).map((message) => ({ field, message }));
}

/**
 * Whether a template reads `event.…`, which only an event-triggered journey
 * fills: a campaign with another trigger may not send it.
 */
export function templateReadsEvent(template: Template): boolean {
  const sources = template.channel === 'sms' ? [template.body] : [template.subject, template.preheader ?? '', template.html, template.text ?? ''];
  return sources.some((source) => sourceReadsRoot(source, 'event'));
}

import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { InputErrorCode, isPlainObject, IsOmittable, IsText, ProblemList, ValidateNestedWith, type NestedProblem } from '@localreach/core';
import {
  TEMPLATE_CHANNELS, TEMPLATE_LIMITS, TEMPLATE_VARIABLES, templateSourceProblems,
  type SampleContextOverrides, type TemplateChannel, type TemplateSourceField, type VariableShape,
} from '../templates';
import { PREVIEW_CONTEXT_SECTIONS, PREVIEW_EVENT_PROPERTIES_MAX_BYTES } from './preview-context.schema';

export const TEMPLATE_NAME_MAX = 200;

const SOURCE = 'Handlebars; checked for syntax, known variables (customer, business, store, offer, event — only in campaigns an event triggers —, links, message, campaign), helpers and partials';

/**
 * A source field, checked by the template validator under the body's channel:
 * required or not allowed there, length, and every Handlebars problem with its line.
 */
function IsTemplateSource(field: TemplateSourceField): PropertyDecorator {
  return ValidateNestedWith((value, object) => {
    const channel = TEMPLATE_CHANNELS.find((c) => c === object.channel);
    // Partial names are the business's: TemplateService checks them.
    return templateSourceProblems(field, value, channel, '*').map((message) => ({ path: '', message }));
  });
}

/** An email template (subject, html, text?) or an SMS template (body). */
@InputErrorCode('INVALID_TEMPLATE')
export class TemplateInput {
  @ApiProperty({ minLength: 1, maxLength: TEMPLATE_NAME_MAX, example: 'Welcome email' })
  @IsText(TEMPLATE_NAME_MAX) name: string;

  @ApiProperty({ enum: TEMPLATE_CHANNELS })
  @IsIn(TEMPLATE_CHANNELS, { message: `must be one of ${TEMPLATE_CHANNELS.join(', ')}` }) channel: TemplateChannel;

  @ApiPropertyOptional({ minLength: 1, maxLength: TEMPLATE_LIMITS.subjectMaxChars, description: `Email (required): the subject line, one line. ${SOURCE}` })
  @IsTemplateSource('subject') subject?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: TEMPLATE_LIMITS.preheaderMaxChars, description: `Email: the inbox preview line shown after the subject, one line (PATCH null removes it). ${SOURCE}` })
  @IsTemplateSource('preheader') preheader?: string;

  @ApiPropertyOptional({
    minLength: 1, description: `Email (required): the HTML body, at most 512 KB; may wrap its content in {{#> layout}}…{{/layout}}. ${SOURCE}`,
  })
  @IsTemplateSource('html') html?: string;

  @ApiPropertyOptional({ minLength: 1, description: 'Email: the plain-text part, at most 512 KB; derived from the html when absent' })
  @IsTemplateSource('text') text?: string;

  @ApiPropertyOptional({
    minLength: 1, maxLength: TEMPLATE_LIMITS.smsBodyMaxChars, description: `SMS (required): the message body (the STOP text is added by the sender). ${SOURCE}`,
  })
  @IsTemplateSource('body') body?: string;
}

/**
 * PATCH: fields given replace the stored ones; changing channel needs that
 * channel's sources; `text: null` derives the text from html again. Each
 * source given is checked here, the template they make with the stored
 * fields by TemplateService.
 */
@InputErrorCode('INVALID_TEMPLATE')
export class TemplatePatch extends PartialType(TemplateInput) {}

const VARIABLES: Readonly<Record<string, VariableShape>> = TEMPLATE_VARIABLES;

/** Checks sample values against the variables templates may use: known keys only, values of the right kind. */
function checkShape(value: unknown, shape: VariableShape, path: string, out: ProblemList): void {
  if (shape === 'value') {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) out.add(path, 'must be a string, number, boolean or null');
  } else if (shape === 'list') {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) out.add(path, 'must be a list of strings');
  } else if (shape === 'map') {
    if (!isPlainObject(value)) out.add(path, 'must be an object');
  } else if (value !== null && !isPlainObject(value)) {
    out.add(path, 'must be an object or null');
  } else if (value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (!Object.hasOwn(shape, key)) out.add(`${path}.${key}`, 'is not a template variable');
      else checkShape(inner, shape[key], `${path}.${key}`, out);
    }
  }
}

/**
 * A preview's context below the property (".offer.code"): sections of
 * TEMPLATE_VARIABLES, the tree previewContextSchema documents, except
 * business (always the business's own) and customer next to a customerId.
 */
export function previewContextProblems(value: unknown, body: Record<string, unknown>): NestedProblem[] {
  const sections: readonly string[] = PREVIEW_CONTEXT_SECTIONS;
  if (!isPlainObject(value)) return [{ path: '', message: `must be an object with any of ${sections.join(', ')}` }];
  const out = new ProblemList();
  for (const [key, section] of Object.entries(value)) {
    const path = `.${key}`;
    if (key === 'business') out.add(path, 'comes from your business and its settings');
    else if (!sections.includes(key)) out.add(path, `is not a context section; use ${sections.join(', ')}`);
    else if (key === 'customer' && body.customerId !== undefined) out.add(path, 'cannot be combined with customerId: that customer is used');
    else checkShape(section, VARIABLES[key], path, out);
  }
  const properties = isPlainObject(value.event) ? value.event.properties : undefined;
  if (isPlainObject(properties) && Buffer.byteLength(JSON.stringify(properties), 'utf8') > PREVIEW_EVENT_PROPERTIES_MAX_BYTES) {
    out.add('.event.properties', `must be at most ${PREVIEW_EVENT_PROPERTIES_MAX_BYTES} bytes of JSON`);
  }
  return out.problems.map((p) => ({ path: p.field, message: p.message }));
}

/** What to render a template with; an empty or absent body renders the sample customer. */
@InputErrorCode('INVALID_PREVIEW')
export class TemplatePreviewInput {
  @ApiPropertyOptional({ format: 'uuid', description: 'Render for this customer (then context may not hold customer)' })
  @IsOmittable() @IsString({ message: 'must be a customer id' }) customerId?: string;

  @ApiPropertyOptional({ allOf: [{ $ref: '#/components/schemas/TemplatePreviewContext' }] })
  @IsOptional() @ValidateNestedWith(previewContextProblems) context?: SampleContextOverrides | null;
}

/**
 * A preview of sources not saved yet (an editor's live preview): the channel
 * and its sources, checked as a template's are (422 INVALID_TEMPLATE naming
 * each problem's field and line), with what to render them for.
 */
@InputErrorCode('INVALID_TEMPLATE')
export class TemplateDraftPreviewInput {
  @ApiProperty({ enum: TEMPLATE_CHANNELS })
  @IsIn(TEMPLATE_CHANNELS, { message: `must be one of ${TEMPLATE_CHANNELS.join(', ')}` }) channel: TemplateChannel;

  @ApiPropertyOptional({ description: 'Email (required): the subject line' })
  @IsTemplateSource('subject') subject?: string;

  @ApiPropertyOptional({ description: 'Email: the inbox preview line' })
  @IsTemplateSource('preheader') preheader?: string;

  @ApiPropertyOptional({ description: 'Email (required): the HTML body' })
  @IsTemplateSource('html') html?: string;

  @ApiPropertyOptional({ description: 'Email: the plain-text part; derived from the html when absent' })
  @IsTemplateSource('text') text?: string;

  @ApiPropertyOptional({ description: 'SMS (required): the message body' })
  @IsTemplateSource('body') body?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Render for this customer (then context may not hold customer)' })
  @IsOmittable() @IsString({ message: 'must be a customer id' }) customerId?: string;

  @ApiPropertyOptional({ allOf: [{ $ref: '#/components/schemas/TemplatePreviewContext' }] })
  @IsOptional() @ValidateNestedWith(previewContextProblems) context?: SampleContextOverrides | null;
}

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  BusinessSettingsService, CLOCK, CustomerRepository, decodeTimeIdCursor, DomainError, encodeCursor, isPlainObject, isUuid, ProblemList, TenancyService,
  type Clock, type Customer, type Tenant,
} from '@localreach/core';
import {
  addressContext, countSegments, sampleTemplateContext, TEMPLATE_VARIABLES, TemplateLibrary, validateTemplate,
  type BusinessContext, type CustomerContext, type SampleContextOverrides, type SmsEncoding, type Template, type TemplateContext,
  type TemplateRenderer, type VariableShape,
} from '../templates';
import { TemplateRepository, type StoredTemplate } from './template.repository';
import { PREVIEW_CONTEXT_SECTIONS } from './preview-context.schema';

const NAME_MAX = 200;

/** What a preview returns: the rendered email, or the SMS body with what it will be billed as. */
export type TemplatePreview =
  | { subject: string; html: string; text: string }
  | { body: string; segments: number; encoding: SmsEncoding };

interface PreviewRequest {
  customerId?: string;
  overrides: SampleContextOverrides;
}

/** Context sections a preview may fill with sample values; `business` always comes from the business itself. */
const OVERRIDABLE = PREVIEW_CONTEXT_SECTIONS;
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

function checkOverrides(context: Record<string, unknown>, withCustomer: boolean, out: ProblemList): void {
  for (const [key, value] of Object.entries(context)) {
    const path = `context.${key}`;
    if (key === 'business') out.add(path, 'comes from your business and its settings');
    else if (!(OVERRIDABLE as readonly string[]).includes(key)) out.add(path, `is not a context section; use ${OVERRIDABLE.join(', ')}`);
    else if (key === 'customer' && withCustomer) out.add(path, 'cannot be combined with customerId: that customer is used');
    else checkShape(value, VARIABLES[key], path, out);
  }
}

function customerContext(c: Customer): CustomerContext {
  return {
    id: c.id, firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone, birthday: c.birthday, timezone: c.timezone,
    attributes: c.attributes, tags: c.tags,
  };
}

/** The fields a PATCH starts from: the stored template's channel and sources. */
function sourcesOf(t: StoredTemplate): Record<string, unknown> {
  if (t.channel === 'sms') return { channel: t.channel, body: t.body };
  return { channel: t.channel, subject: t.subject, html: t.html, ...(t.text !== undefined ? { text: t.text } : {}) };
}

/**
 * Message templates of a business: create and edit (validated: syntax,
 * variables and helpers, with line numbers), list, delete (refused while a
 * live campaign uses the template) and preview against a real customer or
 * sample data.
 */
@Injectable()
export class TemplateService {
  private renderer?: TemplateRenderer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplateRepository,
    private readonly library: TemplateLibrary,
    private readonly customers: CustomerRepository,
    private readonly tenancy: TenancyService,
    private readonly settings: BusinessSettingsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Body `{ name, channel, subject?, html?, text?, body? }`; every problem is reported at once (422 INVALID_TEMPLATE). */
  async create(tenant: Tenant, raw: unknown): Promise<StoredTemplate> {
    const { name, template } = this.readInput(raw);
    return this.templates.insert(this.dataSource, tenant.businessId, name, template);
  }

  async get(tenant: Tenant, id: string): Promise<StoredTemplate> {
    const template = isUuid(id) ? await this.templates.findById(tenant.businessId, id) : undefined;
    if (!template) throw DomainError.notFound('template', id);
    return template;
  }

  async list(tenant: Tenant, limit: number, cursor?: string): Promise<{ items: StoredTemplate[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const rows = await this.templates.list(tenant.businessId, limit + 1, after);
    const items = rows.slice(0, limit).map(({ sortKey: _sortKey, ...template }) => template);
    const last = rows[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null };
  }

  /**
   * Fields given replace the stored ones and the result is validated again.
   * Changing the channel drops the old channel's sources, so the new
   * channel's fields must come with it; `text: null` goes back to deriving
   * the plain-text part from html.
   */
  async update(tenant: Tenant, id: string, raw: unknown): Promise<StoredTemplate> {
    const current = await this.get(tenant, id);
    if (!isPlainObject(raw)) throw DomainError.invalid('INVALID_TEMPLATE', [{ field: 'body', message: 'must be a JSON object' }]);
    const switching = raw.channel !== undefined && raw.channel !== current.channel;
    const merged: Record<string, unknown> = { name: current.name, ...(switching ? {} : sourcesOf(current)), ...raw };
    if (raw.text === null && merged.channel === 'email') delete merged.text;
    const { name, template } = this.readInput(merged);
    const updated = await this.templates.update(tenant.businessId, id, name, template);
    if (!updated) throw DomainError.notFound('template', id);
    return updated;
  }

  /** Soft delete; 409 TEMPLATE_IN_USE naming the campaigns (not archived) whose steps use it. */
  async remove(tenant: Tenant, id: string): Promise<void> {
    await this.get(tenant, id);
    const campaigns = await this.templates.usedBy(tenant.businessId, id);
    if (campaigns.length > 0) {
      const names = campaigns.map((name) => `"${name}"`).join(', ');
      throw DomainError.conflict(
        'TEMPLATE_IN_USE',
        `the template is used by campaigns that are not archived: ${names}; archive them or change their steps first`,
        campaigns.map((name) => ({ field: 'campaigns', message: `"${name}" uses this template` })),
      );
    }
    if (!(await this.templates.softDelete(tenant.businessId, id))) throw DomainError.notFound('template', id);
  }

  /**
   * Renders the stored template. Body `{ customerId?, context? }`: the
   * customer comes from the business's data (404 when it has no such
   * customer) or from the sample context; `context` overrides sample
   * sections (store, offer, links, message, campaign, and customer when no
   * customerId is given). The business section is always the real business.
   */
  async preview(tenant: Tenant, id: string, raw: unknown): Promise<TemplatePreview> {
    const template = await this.get(tenant, id);
    const request = this.readPreviewRequest(raw);
    const context = await this.previewContext(tenant, request);
    this.renderer ??= this.library.createRenderer();
    if (template.channel === 'sms') {
      const { body } = this.renderer.render(template, context);
      // The STOP footer the sender adds to a customer's first SMS is not counted: it is not part of the template.
      const { segments, encoding } = countSegments(body);
      return { body, segments, encoding };
    }
    const { subject, html, text } = this.renderer.render(template, context);
    return { subject, html, text };
  }

  private readInput(raw: unknown): { name: string; template: Template } {
    if (!isPlainObject(raw)) throw DomainError.invalid('INVALID_TEMPLATE', [{ field: 'body', message: 'must be a JSON object' }]);
    const { name, ...sources } = raw;
    const out = new ProblemList();
    if (typeof name !== 'string' || name.trim() === '' || name.trim().length > NAME_MAX) out.add('name', `is required: 1 to ${NAME_MAX} characters`);
    let template: Template | undefined;
    try {
      template = validateTemplate(sources);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      out.problems.push(...error.details);
    }
    if (!out.ok || !template) throw DomainError.invalid('INVALID_TEMPLATE', out.problems);
    return { name: (name as string).trim(), template };
  }

  private readPreviewRequest(raw: unknown): PreviewRequest {
    const body = raw ?? {};
    if (!isPlainObject(body)) throw DomainError.invalid('INVALID_PREVIEW', [{ field: 'body', message: 'must be a JSON object' }]);
    const out = new ProblemList();
    for (const key of Object.keys(body)) if (key !== 'customerId' && key !== 'context') out.add(key, 'is not a known preview field');
    if (body.customerId !== undefined && typeof body.customerId !== 'string') out.add('customerId', 'must be a customer id');
    const context = body.context ?? {};
    if (!isPlainObject(context)) out.add('context', `must be an object with any of ${OVERRIDABLE.join(', ')}`);
    else checkOverrides(context, body.customerId !== undefined, out);
    if (!out.ok) throw DomainError.invalid('INVALID_PREVIEW', out.problems);
    return { customerId: body.customerId as string | undefined, overrides: context as SampleContextOverrides };
  }

  private async previewContext(tenant: Tenant, request: PreviewRequest): Promise<TemplateContext> {
    let customer: CustomerContext | undefined;
    if (request.customerId !== undefined) {
      const found = await this.customers.findById(tenant.businessId, request.customerId);
      if (!found) throw DomainError.notFound('customer', request.customerId, 'customerId');
      customer = customerContext(found);
    }
    const business = await this.businessContext(tenant);
    return sampleTemplateContext({ ...request.overrides, business, ...(customer ? { customer } : {}) }, this.clock.now());
  }

  /** The business as messages show it; every key is set so no sample value shows through. */
  private async businessContext(tenant: Tenant): Promise<BusinessContext> {
    const [business, settings] = await Promise.all([this.tenancy.getBusiness(tenant), this.settings.get(tenant)]);
    return {
      name: business.name, address: addressContext(business.address), phone: settings.contact.phone, website: settings.contact.website,
      currency: business.currency, timezone: business.timezone, locale: null,
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import {
  AuditTrail, CLOCK, CustomerRepository, decodeTimeIdCursor, DomainError, encodeCursor, fieldsSet, isUuid,
  type Clock, type FieldProblem, type Tenant,
} from '@localreach/core';
import {
  countSegments, customerContextOf, sampleTemplateContext, TemplateLibrary, templateOf, templateProblems, type TemplateFields,
  type CustomerContext, type SampleContextOverrides, type SmsEncoding, type Template, type TemplateChannel, type TemplateContext, type TemplateRenderer,
} from '../templates';
import { TEMPLATE_NAME_MAX, type TemplateDraftPreviewInput, type TemplateInput, type TemplatePatch, type TemplatePreviewInput } from './template.input';
import { TemplateBusinessContext } from './template-business-context';
import { TemplatePartialService } from './template-partial.service';
import { TemplateRepository, type StoredTemplate } from './template.repository';

/** What a preview returns: the rendered email, or the SMS body with what it will be billed as. */
export type TemplatePreview =
  | { subject: string; html: string; text: string }
  | { body: string; segments: number; encoding: SmsEncoding };

interface PreviewRequest {
  customerId?: string;
  overrides: SampleContextOverrides;
}


/** The fields a PATCH starts from: the stored template's channel and sources. */
function sourcesOf(t: StoredTemplate): Record<string, unknown> {
  if (t.channel === 'sms') return { channel: t.channel, body: t.body };
  return {
    channel: t.channel, subject: t.subject, html: t.html, ...(t.text !== undefined ? { text: t.text } : {}), ...(t.preheader !== undefined ? { preheader: t.preheader } : {}),
  };
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
    private readonly partials: TemplatePartialService,
    private readonly templates: TemplateRepository,
    private readonly library: TemplateLibrary,
    private readonly customers: CustomerRepository,
    private readonly businessContext: TemplateBusinessContext,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A template checked by TemplateInput (name, channel and every source). */
  async create(tenant: Tenant, input: TemplateInput): Promise<StoredTemplate> {
    // The DTO checked the sources; here the partials they name against the business's.
    const { name: _name, ...fields } = input;
    const problems = templateProblems(fields, await this.partials.names(tenant));
    if (problems.length > 0) throw DomainError.invalid('INVALID_TEMPLATE', problems);
    return this.audit.change(
      tenant,
      (tx) => this.templates.insert(tx, tenant.businessId, input.name.trim(), templateOf(input)),
      (created) => ({ action: 'template.created', entity: 'template', entityId: created.id, details: { name: created.name, channel: created.channel } }),
    );
  }

  async get(tenant: Tenant, id: string): Promise<StoredTemplate> {
    const template = isUuid(id) ? await this.templates.findById(tenant.businessId, id) : undefined;
    if (!template) throw DomainError.notFound('template', id);
    return template;
  }

  async list(tenant: Tenant, limit: number, cursor?: string, channel?: TemplateChannel): Promise<{ items: StoredTemplate[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const rows = await this.templates.list(tenant.businessId, limit + 1, after, channel);
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
  async update(tenant: Tenant, id: string, patch: TemplatePatch): Promise<StoredTemplate> {
    const current = await this.get(tenant, id);
    const switching = patch.channel !== undefined && patch.channel !== current.channel;
    const { name = current.name, ...given } = patch;
    const merged: Record<string, unknown> = { ...(switching ? {} : sourcesOf(current)), ...given };
    for (const optional of ['text', 'preheader'] as const) if (given[optional] === null && merged.channel === 'email') delete merged[optional];
    // The patch's fields were checked one by one; here the template they make with the stored ones.
    const problems: FieldProblem[] = name === null ? [{ field: 'name', message: `is required: 1 to ${TEMPLATE_NAME_MAX} characters` }] : [];
    problems.push(...templateProblems(merged, await this.partials.names(tenant)));
    if (problems.length > 0) throw DomainError.invalid('INVALID_TEMPLATE', problems);
    const template = templateOf(merged as TemplateFields);
    return this.audit.change(
      tenant,
      async (tx) => {
        const updated = await this.templates.update(tenant.businessId, id, (name as string).trim(), template, tx);
        if (!updated) throw DomainError.notFound('template', id);
        return updated;
      },
      (updated) => ({ action: 'template.updated', entity: 'template', entityId: id, details: { fields: fieldsSet(patch), name: updated.name, channel: updated.channel } }),
    );
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
    await this.audit.change(
      tenant,
      async (tx) => {
        if (!(await this.templates.softDelete(tenant.businessId, id, tx))) throw DomainError.notFound('template', id);
      },
      () => ({ action: 'template.deleted', entity: 'template', entityId: id }),
    );
  }

  /**
   * Renders the stored template. Body `{ customerId?, context? }`: the
   * customer comes from the business's data (404 when it has no such
   * customer) or from the sample context; `context` overrides sample
   * sections (store, offer, event, links, message, campaign, and customer when no
   * customerId is given). The business section is always the real business.
   */
  async preview(tenant: Tenant, id: string, input: TemplatePreviewInput): Promise<TemplatePreview> {
    return this.render(tenant, await this.get(tenant, id), input);
  }

  /** Renders sources not saved yet, checked by TemplateDraftPreviewInput, as `preview` renders a stored template. */
  async previewDraft(tenant: Tenant, input: TemplateDraftPreviewInput): Promise<TemplatePreview> {
    const { customerId, context, ...fields } = input;
    const problems = templateProblems(fields, await this.partials.names(tenant));
    if (problems.length > 0) throw DomainError.invalid('INVALID_TEMPLATE', problems);
    return this.render(tenant, templateOf(fields), { customerId, context });
  }

  private async render(tenant: Tenant, template: Template, input: TemplatePreviewInput): Promise<TemplatePreview> {
    const context = await this.previewContext(tenant, { customerId: input.customerId, overrides: input.context ?? {} });
    const partials = await this.partials.sources(tenant);
    this.renderer ??= this.library.createRenderer();
    if (template.channel === 'sms') {
      const { body } = this.renderer.render(template, context, partials);
      // The STOP footer the sender adds to a customer's first SMS is not counted: it is not part of the template.
      const { segments, encoding } = countSegments(body);
      return { body, segments, encoding };
    }
    const { subject, html, text } = this.renderer.render(template, context, partials);
    return { subject, html, text };
  }

  private async previewContext(tenant: Tenant, request: PreviewRequest): Promise<TemplateContext> {
    let customer: CustomerContext | undefined;
    if (request.customerId !== undefined) {
      const found = await this.customers.findById(tenant.businessId, request.customerId);
      if (!found) throw DomainError.notFound('customer', request.customerId, 'customerId');
      customer = customerContextOf(found);
    }
    const business = await this.businessContext.load(tenant);
    return sampleTemplateContext({ ...request.overrides, business, ...(customer ? { customer } : {}) }, this.clock.now());
  }
}

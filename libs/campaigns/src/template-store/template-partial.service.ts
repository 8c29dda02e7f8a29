import { Injectable } from '@nestjs/common';
import { AuditTrail, DomainError, type FieldProblem, type Tenant } from '@localreach/core';
import { checkTemplateSource, partialsUsed, TemplateLibrary } from '../templates';
import { TemplatePartialRepository, type StoredPartial } from './template-partial.repository';
import { TemplateRepository } from './template.repository';

/** Names of a business's partials: lower-case slugs, used as {{> name}}. */
export const PARTIAL_NAME = /^[a-z][a-z0-9_-]{0,39}$/;
export const PARTIAL_LIMITS = { maxBytes: 64 * 1024, maxPerBusiness: 50 } as const;
const LAYOUT = 'layout';

/** A partial as the API shows it; `custom: false` is the shipped layout, in use until the business saves its own. */
export interface PartialView {
  name: string;
  source: string;
  custom: boolean;
  updatedAt: Date | null;
}

/**
 * A business's shared email parts, edited once for all its templates: the
 * `layout` every `{{#> layout}}…{{/layout}}` wraps its content in (the
 * shipped one until the business saves its own; deleting it goes back to the
 * shipped one), and named partials used as `{{> footer}}` in email html.
 * A partial that templates (or the layout) use cannot be deleted (409 naming them).
 */
@Injectable()
export class TemplatePartialService {
  constructor(
    private readonly partials: TemplatePartialRepository,
    private readonly templates: TemplateRepository,
    private readonly library: TemplateLibrary,
    private readonly audit: AuditTrail,
  ) {}

  async list(tenant: Tenant): Promise<PartialView[]> {
    const stored = await this.partials.list(tenant.businessId);
    const views = stored.map((p) => viewOf(p));
    if (!stored.some((p) => p.name === LAYOUT)) views.unshift({ name: LAYOUT, source: this.library.partials().layout, custom: false, updatedAt: null });
    return views;
  }

  async get(tenant: Tenant, name: string): Promise<PartialView> {
    const stored = await this.partials.find(tenant.businessId, name);
    if (stored) return viewOf(stored);
    if (name === LAYOUT) return { name, source: this.library.partials().layout, custom: false, updatedAt: null };
    throw DomainError.notFound('partial', name, 'name');
  }

  /** Creates or replaces a partial; 422 INVALID_PARTIAL naming `name` or `source` (with the line). */
  async put(tenant: Tenant, name: string, source: string): Promise<PartialView> {
    const others = name === LAYOUT ? (await this.names(tenant)).filter((n) => n !== LAYOUT) : [];
    const problems = partialProblems(name, source, others);
    if (problems.length === 0 && !(await this.partials.find(tenant.businessId, name)) && (await this.partials.count(tenant.businessId)) >= PARTIAL_LIMITS.maxPerBusiness) {
      problems.push({ field: 'name', message: `a business may have at most ${PARTIAL_LIMITS.maxPerBusiness} partials` });
    }
    if (problems.length > 0) throw DomainError.invalid('INVALID_PARTIAL', problems);
    const saved = await this.audit.change(
      tenant,
      (tx) => this.partials.upsert(tenant.businessId, name, source, tx),
      (p) => ({ action: p.created ? 'template_partial.created' : 'template_partial.updated', entity: 'template_partial', entityId: name }),
    );
    return viewOf(saved);
  }

  /** The layout goes back to the shipped one; another partial only when no template uses it (409 PARTIAL_IN_USE naming them). */
  async remove(tenant: Tenant, name: string): Promise<void> {
    if (name !== LAYOUT) {
      const layout = await this.partials.find(tenant.businessId, LAYOUT);
      const sources = [...(layout ? [{ id: LAYOUT, name: 'the layout', html: layout.source }] : []), ...(await this.templates.emailSources(tenant.businessId))];
      const users = sources.filter((t) => partialsUsed(t.html).some((p) => p.name === name));
      if (users.length > 0) {
        throw DomainError.conflict(
          'PARTIAL_IN_USE',
          `the partial is used by templates: ${users.map((t) => `"${t.name}"`).join(', ')}; remove {{> ${name}}} from them first`,
          users.map((t) => ({ field: 'templates', message: `"${t.name}" (${t.id}) uses {{> ${name}}}` })),
        );
      }
    }
    await this.audit.change(
      tenant,
      async (tx) => {
        const found = await this.partials.remove(tenant.businessId, name, tx);
        if (!found && name !== LAYOUT) throw DomainError.notFound('partial', name, 'name');
        return found;
      },
      // Deleting the shipped layout changes nothing.
      (found) => (found ? { action: 'template_partial.deleted', entity: 'template_partial', entityId: name } : []),
    );
  }

  /** The names a business's email html may use: the layout and its own partials. */
  async names(tenant: Tenant): Promise<string[]> {
    const stored = await this.partials.list(tenant.businessId);
    return [...new Set([LAYOUT, ...stored.map((p) => p.name)])];
  }

  /** The business's partial sources by name, for rendering (the shipped layout is the renderer's own). */
  async sources(tenant: Tenant): Promise<Record<string, string>> {
    return (await this.partials.sourcesFor([tenant.businessId])).get(tenant.businessId) ?? {};
  }
}

function viewOf(p: StoredPartial): PartialView {
  return { name: p.name, source: p.source, custom: true, updatedAt: p.updatedAt };
}

/**
 * A partial's problems: its name, its size, and its Handlebars as in email
 * html (escaped output, known variables and helpers). Only the layout may use
 * other partials (`layoutMayUse`, the business's named ones), so partials
 * never nest deeper than layout → partial; the layout must place the
 * template's content with {{> @partial-block}}.
 */
export function partialProblems(name: string, source: unknown, layoutMayUse: readonly string[] = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!PARTIAL_NAME.test(name)) problems.push({ field: 'name', message: 'must be 1 to 40 characters a-z, 0-9, _ and -, starting with a letter' });
  if (typeof source !== 'string' || source.trim() === '') return [...problems, { field: 'source', message: 'is required' }];
  if (Buffer.byteLength(source, 'utf8') > PARTIAL_LIMITS.maxBytes) return [...problems, { field: 'source', message: `must be at most ${PARTIAL_LIMITS.maxBytes / 1024} KB` }];
  const isLayout = name === LAYOUT;
  const check = { partials: isLayout ? layoutMayUse : [], allowUnescaped: false, allowPartialBlock: isLayout };
  problems.push(...checkTemplateSource(source, check).map((message) => ({ field: 'source', message })));
  if (isLayout && !/\{\{>\s*@partial-block\s*\}\}/.test(source)) problems.push({ field: 'source', message: 'the layout must place each email\'s content with {{> @partial-block}}' });
  return problems;
}

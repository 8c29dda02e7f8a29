import { createHash } from 'node:crypto';
import { DomainError } from '@localreach/core';
import Handlebars from 'handlebars';
import { htmlToText } from './html-to-text';
import { countSegments } from './sms-segments';
import type { TemplateContext } from './template-context';
import {
  TEMPLATE_PARTIALS,
  type EmailTemplate,
  type RenderedEmail,
  type RenderedSms,
  type RenderedTemplate,
  type SmsTemplate,
  type Template,
  type TemplatePartials,
} from './template-definition';
import { templateHelpers } from './template-helpers';
import { checkTemplateSource, describeHandlebarsError } from './template-source-check';

type Mode = 'html' | 'plain';
type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

// html escapes every {{value}}; subject, text and SMS bodies are not html, so nothing is escaped there.
const COMPILE_OPTIONS: Record<Mode, CompileOptions> = {
  html: { strict: false },
  plain: { strict: false, noEscape: true },
};

/**
 * What one render may cost (issue 18): nested loops over customer data can
 * multiply (three nested {{#each}} over 200 tags render 8,000,000 times), so
 * every {{#each}} iteration of a render counts against one budget, and so
 * does the text the loops produce; an email over 1 MB or an SMS over 10
 * segments is refused as well. Over budget the render fails with a 422 naming
 * the field and the template line of the loop; a send fails that message.
 */
export const RENDER_BUDGET = {
  /** {{#each}} iterations per rendered field. */
  maxLoopIterations: 10_000,
  /** Characters of any rendered field (an email's html, text or subject, an SMS body). */
  maxOutputChars: 1_000_000,
  /** SMS segments of a rendered body (before the STOP footer). */
  maxSmsSegments: 10,
} as const;

type LoopLocation = { start: { line: number; column: number } };

class RenderBudget {
  private iterations = 0;
  private chars = 0;

  spend(output: string, loc: LoopLocation | undefined): void {
    this.iterations += 1;
    this.chars += output.length;
    const where = loc ? ` (the {{#each}} on line ${loc.start.line})` : '';
    if (this.iterations > RENDER_BUDGET.maxLoopIterations) throw new RenderBudgetError(`loops more than ${RENDER_BUDGET.maxLoopIterations} times in one message${where}`);
    if (this.chars > RENDER_BUDGET.maxOutputChars) throw new RenderBudgetError(`renders more than ${RENDER_BUDGET.maxOutputChars} characters${where}`);
  }
}

class RenderBudgetError extends Error {}

/**
 * The preheader (already escaped) as the first thing in the body, hidden: inboxes show it after the subject.
 * Padded with zero-width joiners so the inbox does not go on with the email's first words.
 */
function withPreheader(html: string, preheader: string): string {
  if (preheader === '') return html;
  const hidden = `<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">${preheader}${'&#847;&zwnj;&nbsp;'.repeat(20)}</div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  return body ? `${html.slice(0, body.index + body[0].length)}${hidden}${html.slice(body.index + body[0].length)}` : `${hidden}${html}`;
}

export interface TemplateRendererOptions {
  /** Sources of the partials every template may use (see TemplateLibrary.partials()). */
  partials: TemplatePartials;
  /** Compiled sources kept by content hash; the least recently used are dropped past this. */
  cacheSize?: number;
}

/**
 * Renders validated templates against a context, in an isolated Handlebars
 * environment holding the template helpers and partials. A missing variable
 * renders empty (or its `default` fallback); a source that cannot compile or a
 * helper that does not exist throws DomainError INVALID_TEMPLATE.
 */
export class TemplateRenderer {
  private readonly env = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();
  private readonly cacheSize: number;

  constructor(options: TemplateRendererOptions) {
    this.cacheSize = options.cacheSize ?? 1000;
    for (const [name, helper] of Object.entries(templateHelpers())) this.env.registerHelper(name, helper);
    // log is compiled as a known built-in, so it is replaced rather than removed: it would write to stdout.
    this.env.registerHelper('log', () => {
      throw new Error('Missing helper: "log"');
    });
    for (const name of TEMPLATE_PARTIALS) this.registerPartial(name, options.partials[name]);
    this.countLoops();
  }

  private budget = new RenderBudget();

  // Handlebars' own {{#each}}, with every iteration (and what it renders) counted against the render's budget.
  private countLoops(): void {
    const builtInEach = this.env.helpers.each as Handlebars.HelperDelegate;
    const spend = (output: string, loc: LoopLocation | undefined) => this.budget.spend(output, loc);
    // A function, not an arrow: Handlebars calls helpers with the current context as `this`, which {{#each}} passes on.
    this.env.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions & { loc?: LoopLocation }) {
      const counted = {
        ...options,
        fn: (item: unknown, data?: Handlebars.RuntimeOptions) => {
          const output = options.fn(item, data);
          spend(output, options.loc);
          return output;
        },
      };
      return builtInEach.call(this, context, counted) as string;
    });
  }

  /**
   * `partials`: a business's own partial sources by name (a `layout` among
   * them replaces the shipped one); validated when saved.
   */
  render(template: EmailTemplate, context: TemplateContext, partials?: Readonly<Record<string, string>>): RenderedEmail;
  render(template: SmsTemplate, context: TemplateContext, partials?: Readonly<Record<string, string>>): RenderedSms;
  render(template: Template, context: TemplateContext, partials?: Readonly<Record<string, string>>): RenderedTemplate;
  render(template: Template, context: TemplateContext, partials: Readonly<Record<string, string>> = {}): RenderedTemplate {
    const runtime = this.runtimePartials(partials);
    if (template.channel === 'sms') {
      const body = this.run('body', template.body, 'plain', context).trim();
      const { segments } = countSegments(body);
      if (segments > RENDER_BUDGET.maxSmsSegments) {
        throw DomainError.invalid('INVALID_TEMPLATE', [{ field: 'body', message: `renders ${segments} SMS segments; at most ${RENDER_BUDGET.maxSmsSegments} are allowed` }]);
      }
      return { body };
    }
    // A subject is one header line: customer data must not break it.
    const subject = this.run('subject', template.subject, 'plain', context).replace(/\s+/g, ' ').trim();
    const body = this.run('html', template.html, 'html', context, runtime);
    const html = template.preheader === undefined ? body : withPreheader(body, this.preheader(template.preheader, context));
    // Derived from the body alone: the hidden preheader is not part of the text.
    const text = template.text !== undefined ? this.run('text', template.text, 'plain', context).trim() : htmlToText(body);
    return { subject, html, text };
  }

  private registerPartial(name: string, source: string): void {
    const problems = checkTemplateSource(source, { partials: [], allowUnescaped: false, allowPartialBlock: true });
    if (problems.length > 0) {
      throw DomainError.invalid('INVALID_TEMPLATE', problems.map((message) => ({ field: `partials.${name}`, message })));
    }
    // Compiled once, as html: partials are only allowed in html.
    this.env.registerPartial(name, this.env.compile(source, COMPILE_OPTIONS.html));
  }

  // Plain text put into the html: rendered unescaped, then escaped whole, so its own "&" and "<" are text too.
  private preheader(source: string, context: TemplateContext): string {
    return Handlebars.escapeExpression(this.run('preheader', source, 'plain', context).replace(/\s+/g, ' ').trim());
  }

  private runtimePartials(partials: Readonly<Record<string, string>>): Record<string, Handlebars.TemplateDelegate> | undefined {
    const names = Object.keys(partials);
    if (names.length === 0) return undefined;
    return Object.fromEntries(names.map((name) => [name, this.compiled(partials[name], 'html')]));
  }

  private run(field: string, source: string, mode: Mode, context: TemplateContext, partials?: Record<string, Handlebars.TemplateDelegate>): string {
    this.budget = new RenderBudget();
    let output: string;
    try {
      output = this.compiled(source, mode)(context, partials ? { partials } : undefined);
    } catch (error) {
      const message = error instanceof RenderBudgetError ? `${error.message}: over the render budget` : describeHandlebarsError(error);
      throw DomainError.invalid('INVALID_TEMPLATE', [{ field, message }]);
    }
    if (output.length > RENDER_BUDGET.maxOutputChars) {
      throw DomainError.invalid('INVALID_TEMPLATE', [{ field, message: `renders ${output.length} characters; at most ${RENDER_BUDGET.maxOutputChars} are allowed` }]);
    }
    return output;
  }

  private compiled(source: string, mode: Mode): Handlebars.TemplateDelegate {
    const key = createHash('sha256').update(mode).update('\0').update(source).digest('base64');
    let template = this.cache.get(key);
    if (template) {
      this.cache.delete(key);
    } else {
      template = this.env.compile(source, COMPILE_OPTIONS[mode]);
      if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(key, template);
    return template;
  }
}

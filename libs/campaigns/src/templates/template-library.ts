import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DomainError } from '@localreach/core';
import { TEMPLATE_PARTIALS, type Template, type TemplatePartials } from './template-definition';
import { TemplateRenderer } from './template-renderer';
import { validateTemplate } from './template-validator';

/** A template shipped with the product for a preset campaign, e.g. "welcome-1". */
export interface PresetTemplate {
  name: string;
  template: Template;
}

const PRESETS = join('templates', 'presets');
const PARTIALS = join('templates', 'partials');
const SOURCE_FIELDS = ['subject', 'preheader', 'html', 'text', 'body'] as const;

/**
 * The directory holding `templates/presets`, walking up from `from`: the repo
 * root both from the ts sources and from `dist/libs/campaigns/src/templates`.
 */
export function findTemplatesRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, PRESETS))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No ${PRESETS} directory in ${resolve(from)} or above it`);
    dir = parent;
  }
}

/**
 * The shipped templates under `<root>/templates`:
 * - `partials/<name>.hbs` for each partial renderers register (the email layout);
 * - `presets/<name>.json` (`{ name, channel, subject?, body? }`) with, next to it,
 *   a source file per longer field: `<name>.html.hbs`, optionally `<name>.text.hbs`.
 * Every preset is validated when loaded.
 */
export class TemplateLibrary {
  private loadedPresets?: Map<string, PresetTemplate>;
  private loadedPartials?: TemplatePartials;

  constructor(readonly root: string = findTemplatesRoot()) {}

  partials(): TemplatePartials {
    this.loadedPartials ??= Object.fromEntries(
      TEMPLATE_PARTIALS.map((name) => [name, readFileSync(join(this.root, PARTIALS, `${name}.hbs`), 'utf8')]),
    ) as TemplatePartials;
    return this.loadedPartials;
  }

  /** Every preset template, sorted by name. */
  presets(): PresetTemplate[] {
    return [...this.presetMap().values()];
  }

  preset(name: string): PresetTemplate {
    const preset = this.presetMap().get(name);
    if (!preset) throw new DomainError('not_found', 'TEMPLATE_PRESET_NOT_FOUND', `template preset ${name} not found`);
    return preset;
  }

  /** A renderer with this library's partials registered. */
  createRenderer(): TemplateRenderer {
    return new TemplateRenderer({ partials: this.partials() });
  }

  private presetMap(): Map<string, PresetTemplate> {
    if (!this.loadedPresets) {
      const dir = join(this.root, PRESETS);
      const files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
      this.loadedPresets = new Map(files.map((file) => readPreset(dir, basename(file, '.json'))).map((p) => [p.name, p]));
    }
    return this.loadedPresets;
  }
}

function readPreset(dir: string, name: string): PresetTemplate {
  const manifest: unknown = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw DomainError.invalid('INVALID_TEMPLATE', [{ field: name, message: 'must be a JSON object' }]);
  }
  const { name: declared, ...fields } = manifest as Record<string, unknown>;
  if (declared !== name) {
    throw DomainError.invalid('INVALID_TEMPLATE', [{ field: `${name}.name`, message: `must be "${name}", the file's name` }]);
  }
  for (const field of SOURCE_FIELDS) {
    const file = join(dir, `${name}.${field}.hbs`);
    if (!existsSync(file)) continue;
    if (field in fields) throw DomainError.invalid('INVALID_TEMPLATE', [{ field: `${name}.${field}`, message: `is both in ${name}.json and in ${basename(file)}` }]);
    // Editors end files with a newline; it is not part of the template.
    fields[field] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  }
  try {
    return { name, template: validateTemplate(fields) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw DomainError.invalid(error.code, error.details.map((p) => ({ field: `${name}.${p.field}`, message: p.message })));
  }
}

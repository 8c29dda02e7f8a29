import Handlebars from 'handlebars';
import { TEMPLATE_VARIABLES, type VariableShape } from './template-context';
import { TEMPLATE_HELPERS } from './template-helpers';

type PathExpression = hbs.AST.PathExpression;
type Program = hbs.AST.Program;

/** A known shape, or 'any' where the validator cannot know (items of a map, attribute values). */
type Shape = VariableShape | 'any';

export interface SourceCheckOptions {
  /**
   * Partial names the source may use (`{{#> layout}}`); '*' leaves the names
   * to a later check against the business's partials (see partialsUsed).
   */
  partials: readonly string[] | '*';
  /** `{{{x}}}` and `{{& x}}` print unescaped: refused in html, where customer data must be escaped. */
  allowUnescaped: boolean;
  /** Only a layout renders its caller's content with `{{> @partial-block}}`. */
  allowPartialBlock?: boolean;
}

interface Scope {
  shape: Shape;
  /** The context inside #each: names that do not resolve refer to the item. */
  item: boolean;
}

interface Walk {
  /** Context stack, innermost last; `../` steps out one level. */
  readonly contexts: readonly Scope[];
  readonly blockParams: ReadonlyMap<string, Shape>;
  readonly inEach: boolean;
  readonly options: SourceCheckOptions;
  readonly problems: string[];
}

interface Call {
  path: PathExpression | hbs.AST.Literal;
  params: hbs.AST.Expression[];
  hash?: hbs.AST.Hash;
  loc: hbs.AST.SourceLocation;
}

const EACH_DATA = ['index', 'first', 'last', 'key'];

/**
 * Checks one Handlebars source: syntax, variables against TEMPLATE_VARIABLES
 * (with #each / #with scoping, block params, `../` and `@root`), helpers and
 * their arities, partials. Returns every problem as "line N: ...".
 */
export function checkTemplateSource(source: string, options: SourceCheckOptions): string[] {
  let program: Program;
  try {
    program = Handlebars.parse(source);
  } catch (error) {
    return [describeHandlebarsError(error)];
  }
  const walk: Walk = { contexts: [{ shape: TEMPLATE_VARIABLES, item: false }], blockParams: new Map(), inEach: false, options, problems: [] };
  walkProgram(program, walk);
  return walk.problems;
}

/** "line 3: Parse error: Expecting 'ID', got 'EOF'" from the errors Handlebars throws while parsing or compiling. */
export function describeHandlebarsError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const parse = /^Parse error on line (\d+):[\s\S]*\n(.*)$/.exec(message);
  if (parse) return `line ${parse[1]}: Parse error: ${parse[2]}`;
  // Exceptions raised on a node end with " - line:column".
  const located = /^([\s\S]*?) - (\d+):\d+$/.exec(message);
  if (located) return `line ${located[2]}: ${located[1]}`;
  return message;
}

function report(walk: Walk, node: { loc: hbs.AST.SourceLocation }, message: string): void {
  walk.problems.push(`line ${node.loc.start.line}: ${message}`);
}

function walkProgram(program: Program | undefined, walk: Walk): void {
  for (const statement of program?.body ?? []) walkStatement(statement, walk);
}

function walkStatement(node: hbs.AST.Statement, walk: Walk): void {
  switch (node.type) {
    case 'MustacheStatement':
      return checkMustache(node as hbs.AST.MustacheStatement, walk);
    case 'BlockStatement':
      return checkBlock(node as hbs.AST.BlockStatement, walk);
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return checkPartial(node as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, walk);
    case 'Decorator':
    case 'DecoratorBlock':
      return report(walk, node, 'decorators and inline partials are not allowed');
    default:
      return; // content and comments
  }
}

function helperName(path: PathExpression | hbs.AST.Literal): string | undefined {
  if (path.type !== 'PathExpression') return undefined;
  const p = path as PathExpression;
  return !p.data && p.depth === 0 && p.parts.length === 1 && p.original === p.parts[0] ? p.parts[0] : undefined;
}

function isHelper(name: string | undefined): name is string {
  return name !== undefined && Object.hasOwn(TEMPLATE_HELPERS, name);
}

function checkMustache(node: hbs.AST.MustacheStatement, walk: Walk): void {
  if (!node.escaped && !walk.options.allowUnescaped) {
    report(walk, node, 'unescaped output ({{{ }}} or {{& }}) is not allowed in html; use {{ }}');
  }
  if (node.path.type !== 'PathExpression') return; // a literal prints itself
  const path = node.path as PathExpression;
  if (node.params.length > 0 || node.hash?.pairs.length || isHelper(helperName(path))) {
    checkCall(node, 'inline', walk);
    return;
  }
  const shape = resolvePath(path, walk);
  if (shape !== undefined && typeof shape === 'object') {
    const name = path.original === 'this' || path.original === '.' ? 'this' : path.original;
    report(walk, path, `"${name}" is not printable; use one of its fields: ${Object.keys(shape).join(', ')}`);
  }
}

function checkCall(call: Call, usage: 'inline' | 'block', walk: Walk): void {
  const name = helperName(call.path);
  const spec = isHelper(name) ? TEMPLATE_HELPERS[name] : undefined;
  const shown = call.path.type === 'PathExpression' ? (call.path as PathExpression).original : String(call.path.type);
  if (!spec || !name) {
    report(walk, call, `unknown helper "${shown}"`);
  } else if (spec.usage === 'block' && usage === 'inline') {
    report(walk, call, `helper "${name}" must open a block: {{#${name} ...}}...{{/${name}}}`);
  } else if (spec.usage === 'inline' && usage === 'block') {
    report(walk, call, `helper "${name}" cannot open a block`);
  } else if (call.params.length < spec.minArgs || call.params.length > spec.maxArgs) {
    const range = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
    report(walk, call, `helper "${name}" takes ${range} argument${spec.maxArgs === 1 ? '' : 's'}, got ${call.params.length}`);
  }
  if (spec && call.hash?.pairs.length) report(walk, call, `helper "${name}" takes no named arguments`);
  for (const param of call.params) checkExpression(param, walk);
  for (const pair of call.hash?.pairs ?? []) checkExpression(pair.value, walk);
}

function checkExpression(expression: hbs.AST.Expression, walk: Walk): Shape | undefined {
  if (expression.type === 'PathExpression') return resolvePath(expression as PathExpression, walk);
  if (expression.type === 'SubExpression') checkCall(expression as hbs.AST.SubExpression, 'inline', walk);
  return 'any';
}

function checkBlock(node: hbs.AST.BlockStatement, walk: Walk): void {
  checkCall(node, 'block', walk);
  const name = helperName(node.path);
  const target = node.params[0];
  const blockParams = node.program?.blockParams ?? [];
  if (name === 'each' && target) {
    const item = elementOf(resolveQuietly(target, walk));
    walkProgram(node.program, enter(walk, { shape: item, item: true }, [[blockParams[0], item], [blockParams[1], 'value']], true));
  } else if (name === 'with' && target) {
    const shape = resolveQuietly(target, walk) ?? 'any';
    walkProgram(node.program, enter(walk, { shape, item: false }, [[blockParams[0], shape]], walk.inEach));
  } else {
    walkProgram(node.program, blockParams.length ? enterParams(walk, blockParams) : walk);
  }
  walkProgram(node.inverse, walk);
}

/** The shape of a block's argument, already reported by checkCall when unknown. */
function resolveQuietly(expression: hbs.AST.Expression, walk: Walk): Shape | undefined {
  return checkExpression(expression, { ...walk, problems: [] });
}

function elementOf(shape: Shape | undefined): Shape {
  return shape === 'list' ? 'value' : 'any';
}

function enter(walk: Walk, scope: Scope, params: [string | undefined, Shape][], inEach: boolean): Walk {
  const blockParams = new Map(walk.blockParams);
  for (const [name, shape] of params) if (name) blockParams.set(name, shape);
  return { ...walk, contexts: [...walk.contexts, scope], blockParams, inEach };
}

function enterParams(walk: Walk, names: string[]): Walk {
  const blockParams = new Map(walk.blockParams);
  for (const name of names) blockParams.set(name, 'any');
  return { ...walk, blockParams };
}

function checkPartial(node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, walk: Walk): void {
  if (node.name.type !== 'PathExpression') {
    report(walk, node, 'dynamic partials are not allowed');
  } else {
    const name = (node.name as PathExpression).original;
    const { partials } = walk.options;
    const allowed = name === '@partial-block' ? walk.options.allowPartialBlock === true : partials === '*' || partials.includes(name);
    if (!allowed) report(walk, node, `unknown partial "${name}"`);
  }
  if (node.params.length > 0 || node.hash?.pairs.length) report(walk, node, 'partials take no arguments');
  if (node.type === 'PartialBlockStatement') walkProgram((node as hbs.AST.PartialBlockStatement).program, walk);
}

/** Resolves a variable path and reports it when it names nothing a template can see. */
function resolvePath(path: PathExpression, walk: Walk): Shape | undefined {
  if (path.data) return resolveData(path, walk);
  if (path.depth >= walk.contexts.length) {
    report(walk, path, `"${path.original}" steps above the top-level context`);
    return undefined;
  }
  const [head, ...rest] = path.parts;
  const param = path.depth === 0 && head !== undefined ? walk.blockParams.get(head) : undefined;
  if (param !== undefined) return descend(param, rest) ?? unknownVariable(path, walk, '');
  const scope = walk.contexts[walk.contexts.length - 1 - path.depth];
  const shape = descend(scope.shape, path.parts);
  if (shape !== undefined) return shape;
  if (!scope.item) return unknownVariable(path, walk, '');
  // Inside #each the context is the item: its names are the item's, unless they look like top-level variables.
  if (head === undefined || !Object.hasOwn(TEMPLATE_VARIABLES, head)) return 'any';
  return unknownVariable(path, walk, `; inside #each write "@root.${path.parts.join('.')}"`);
}

function unknownVariable(path: PathExpression, walk: Walk, hint: string): undefined {
  report(walk, path, `unknown variable "${path.original}"${hint}`);
  return undefined;
}

function resolveData(path: PathExpression, walk: Walk): Shape | undefined {
  const [head, ...rest] = path.parts;
  if (head === 'root') return descend(TEMPLATE_VARIABLES, rest) ?? unknownVariable(path, walk, '');
  if (head !== undefined && EACH_DATA.includes(head) && rest.length === 0) {
    if (walk.inEach) return 'value';
    report(walk, path, `"${path.original}" is only available inside #each`);
    return undefined;
  }
  return unknownVariable(path, walk, '');
}

/** The shape at `parts` below `shape`, or undefined when a part names nothing. */
function descend(shape: Shape, parts: readonly string[]): Shape | undefined {
  let current = shape;
  for (const part of parts) {
    if (current === 'any' || current === 'map') return 'any';
    if (current === 'value' || current === 'list') {
      if (part !== 'length' && !(current === 'list' && /^\d+$/.test(part))) return undefined;
      current = 'value';
    } else if (Object.hasOwn(current, part)) {
      current = current[part];
    } else {
      return undefined;
    }
  }
  return current;
}

/** The variable roots only some campaigns fill: `event` comes from an event trigger. */
export type ContextualRoot = 'event';

/**
 * Whether a source reads `event.…` (or `@root.event.…`). Conservative: inside
 * #each over an item that has its own `event` key it also says yes, so a
 * campaign check may ask for an event trigger the template would not need.
 * A source that does not parse reads nothing (its save was refused anyway).
 */
export function sourceReadsRoot(source: string, root: ContextualRoot): boolean {
  let program: Program;
  try {
    program = Handlebars.parse(source);
  } catch {
    return false;
  }
  let found = false;
  const visitor = new Handlebars.Visitor();
  visitor.PathExpression = (path: PathExpression) => {
    const [head, next] = path.parts;
    if ((!path.data && path.depth === 0 && head === root) || (path.data && head === 'root' && next === root)) found = true;
  };
  visitor.accept(program);
  return found;
}

/** Every partial a source names (`{{> footer}}`, `{{#> layout}}`), with its line; none when it does not parse. */
export function partialsUsed(source: string): { name: string; line: number }[] {
  let program: Program;
  try {
    program = Handlebars.parse(source);
  } catch {
    return [];
  }
  const found: { name: string; line: number }[] = [];
  const visitor = new Handlebars.Visitor();
  const collect = (node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement) => {
    if (node.name.type === 'PathExpression') {
      const name = (node.name as PathExpression).original;
      if (name !== '@partial-block') found.push({ name, line: node.loc.start.line });
    }
  };
  visitor.PartialStatement = collect;
  visitor.PartialBlockStatement = function (this: Handlebars.Visitor, node: hbs.AST.PartialBlockStatement) {
    collect(node);
    this.accept(node.program);
  };
  visitor.accept(program);
  return found;
}

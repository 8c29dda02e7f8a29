import { isLinear, linksOf, retarget, withLink, type Definition, type LinkField, type Step, type StepType } from './definition';

/**
 * Edits of a journey, each a pure function from a definition to a new one
 * (the old one is never changed, so the history can keep it). Links are
 * named like an edge: the source step's id (or the trigger) and the field.
 */
export interface EdgeRef {
  /** The step whose link this is, or undefined for the trigger's edge to steps[0]. */
  from: string | undefined;
  field: LinkField | 'start';
}

const STEP_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** An id not used by any of `taken`, made from `base` (`wait`, `wait-2`, …). */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const slug = base.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+/, '').slice(0, 50) || 'step';
  const root = STEP_ID_PATTERN.test(slug) ? slug : 'step';
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) {
    const id = `${root}-${n}`;
    if (!taken.has(id)) return id;
  }
}

const ID_BASES: Record<StepType, string> = { email: 'email', sms: 'sms', wait: 'wait', waitUntil: 'wait-until', branch: 'branch', split: 'split', update: 'update', exit: 'exit' };

/**
 * A new step of `type` that continues to `target`: the fields a form then fills
 * start empty where the API must be told (a template), with a sensible value
 * where one exists (a day's wait, 09:00, a 50/50 split).
 */
export function newStep(type: StepType, id: string, target: string | undefined): Step {
  const next = target === undefined ? {} : { next: target };
  switch (type) {
    case 'email':
    case 'sms':
      return { id, type, templateId: '', ...next };
    case 'wait':
      return { id, type, duration: 'P1D', ...next };
    case 'waitUntil':
      return { id, type, localTime: '09:00', ...next };
    case 'branch':
      return { id, type, condition: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, yes: target ?? '', no: target ?? '' } as Step;
    case 'split':
      return { id, type, branches: [{ name: 'A', weight: 50, next: target ?? '' }, { name: 'B', weight: 50, next: target ?? '' }] };
    case 'update':
      return { id, type, tags: { add: [] }, ...next };
    case 'exit':
      return { id, type };
  }
}

/** The step types that may go on an edge: an exit only where the journey ends anyway, so nothing after it is cut off. */
export function insertableTypes(definition: Definition, edge: EdgeRef): StepType[] {
  const target = edgeTarget(definition, edge);
  return target === undefined ? ['email', 'sms', 'wait', 'waitUntil', 'branch', 'split', 'update', 'exit'] : ['email', 'sms', 'wait', 'waitUntil', 'branch', 'split', 'update'];
}

/** The step id an edge leads to (undefined: the journey ends there). */
export function edgeTarget(definition: Definition, edge: EdgeRef): string | undefined {
  if (edge.from === undefined) return definition.steps[0]?.id;
  const step = definition.steps.find((s) => s.id === edge.from);
  return step && linksOf(step).find((l) => l.field === edge.field)?.target;
}

/** Points the edge's source at `target`; the trigger's edge moves `target` to the front of `steps`. */
function pointEdge(steps: Step[], edge: EdgeRef, target: string): Step[] {
  if (edge.from === undefined) {
    const index = steps.findIndex((s) => s.id === target);
    return index <= 0 ? steps : [steps[index], ...steps.slice(0, index), ...steps.slice(index + 1)];
  }
  return steps.map((s) => (s.id === edge.from ? withLink(s, edge.field as LinkField, target) : s));
}

/** Inserts a new step of `type` on an edge: the edge's source goes to it, it goes where the edge went. Returns the definition and the new id. */
export function insertStep(definition: Definition, edge: EdgeRef, type: StepType): { definition: Definition; stepId: string } {
  const taken = new Set(definition.steps.map((s) => s.id));
  const id = freshId(ID_BASES[type], taken);
  const step = newStep(type, id, edgeTarget(definition, edge));
  return { definition: insertSteps(definition, edge, [step], id), stepId: id };
}

/** Puts `steps` (already linked among themselves, exits to the edge's target) into the journey on `edge`, entering at `entry`. */
function insertSteps(definition: Definition, edge: EdgeRef, added: Step[], entry: string): Definition {
  const at = edge.from === undefined ? 0 : definition.steps.findIndex((s) => s.id === edge.from) + 1;
  const steps = [...definition.steps.slice(0, at), ...added, ...definition.steps.slice(at)];
  return { ...definition, steps: pointEdge(steps, edge, entry) };
}

/** Where a step's place goes when it leaves: its first link (the yes path of a branch, a split's first branch). */
function successorOf(step: Step): string | undefined {
  return linksOf(step)[0]?.target;
}

/**
 * Deletes a step and reconnects what led to it to what it led to (its first
 * link). A link that cannot be left empty (a branch's yes/no, a split branch)
 * and has nothing to go to keeps naming the deleted id: the API then names it
 * as a problem to fix, and nothing else is changed behind the user's back.
 * Deleting the first step makes its successor the first.
 */
export function deleteStep(definition: Definition, stepId: string): Definition {
  const index = definition.steps.findIndex((s) => s.id === stepId);
  if (index < 0 || definition.steps.length <= 1) return definition;
  const removed = definition.steps[index];
  const successor = successorOf(removed);
  const to = successor === stepId ? undefined : successor;
  let steps = definition.steps.filter((_, i) => i !== index).map((s) => retarget(s, stepId, to));
  if (index === 0 && to !== undefined) steps = pointEdge(steps, { from: undefined, field: 'start' }, to);
  return { ...definition, steps };
}

/** Deletes several steps, one after another (each reconnecting as deleteStep does). */
export function deleteSteps(definition: Definition, stepIds: readonly string[]): Definition {
  return stepIds.reduce((d, id) => (d.steps.length > 1 ? deleteStep(d, id) : d), definition);
}

/**
 * Moves a linear step onto another edge: it leaves its place as deleteStep
 * reconnects, and goes in as insertStep puts a new one. Steps that branch
 * (and moves onto the step's own edges) change nothing.
 */
export function moveStep(definition: Definition, stepId: string, edge: EdgeRef): Definition {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step || !isLinear(step) || edge.from === stepId) return definition;
  if (edgeTarget(definition, edge) === stepId) return definition;
  const without = deleteStep(definition, stepId);
  if (without === definition) return definition;
  const moved = withLink(step, 'next', edgeTarget(without, edge));
  return insertSteps(without, edge, [moved], stepId);
}

/** Points one link of a step at another step (undefined ends the journey, for `next` only). */
export function setLink(definition: Definition, stepId: string, field: LinkField, target: string | undefined): Definition {
  return { ...definition, steps: definition.steps.map((s) => (s.id === stepId ? withLink(s, field, target) : s)) };
}

/** Replaces one step (as a side panel form hands it back); a changed id is followed by every link naming it. */
export function replaceStep(definition: Definition, stepId: string, step: Step): Definition {
  const renamed = step.id !== stepId;
  return {
    ...definition,
    steps: definition.steps.map((s) => {
      const next = s.id === stepId ? step : s;
      return renamed ? retarget(next, stepId, step.id) : next;
    }),
  };
}

/** Every edge a linear step can move onto (not its own), named "after <step> (<link>)" or "first"; empty for a step that branches. */
export function moveTargets(definition: Definition, stepId: string): { edge: EdgeRef; label: string }[] {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step || !isLinear(step)) return [];
  const out: { edge: EdgeRef; label: string }[] = [];
  if (definition.steps[0]?.id !== stepId) out.push({ edge: { from: undefined, field: 'start' }, label: 'First, right after the trigger' });
  for (const source of definition.steps) {
    if (source.id === stepId) continue;
    for (const link of linksOf(source)) {
      if (link.target === stepId) continue;
      const which = link.field === 'next' ? '' : ` (${link.field})`;
      out.push({ edge: { from: source.id, field: link.field }, label: `After ${source.id}${which}` });
    }
  }
  return out;
}

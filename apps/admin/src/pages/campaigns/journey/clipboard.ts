import { linksOf, withLink, type Definition, type Step } from './definition';
import { edgeTarget, freshId, type EdgeRef } from './edits';

/** Copied steps, in their order in the journey, as they were (deep copies: later edits do not reach them). */
export interface JourneyClipboard {
  steps: Step[];
}

/** Copies the selected steps (in journey order); an empty selection copies nothing. */
export function copySteps(definition: Definition, stepIds: Iterable<string>): JourneyClipboard | null {
  const wanted = new Set(stepIds);
  const steps = definition.steps.filter((s) => wanted.has(s.id));
  return steps.length > 0 ? { steps: structuredClone(steps) } : null;
}

/** The copied step that none of the others leads to (the first in order when every one is led to). */
function entryOf(steps: readonly Step[]): Step {
  const led = new Set(steps.flatMap((s) => linksOf(s).map((l) => l.target)));
  return steps.find((s) => !led.has(s.id)) ?? steps[0];
}

/**
 * Pastes copied steps on an edge, with fresh ids: links among the copied steps
 * follow them to their copies; a link leaving the copy goes where the edge
 * went (a `next` ends the journey when the edge did; a branch's or split's
 * link then keeps its old target). The edge's source leads to the copy's entry.
 * Returns the definition and the new ids, in order.
 */
export function pasteSteps(definition: Definition, clipboard: JourneyClipboard, edge: EdgeRef): { definition: Definition; stepIds: string[] } {
  const taken = new Set(definition.steps.map((s) => s.id));
  const renamed = new Map<string, string>();
  for (const step of clipboard.steps) {
    const id = freshId(step.id, taken);
    taken.add(id);
    renamed.set(step.id, id);
  }
  const target = edgeTarget(definition, edge);
  const pasted = clipboard.steps.map((original) => {
    let step = { ...structuredClone(original), id: renamed.get(original.id) as string } as Step;
    for (const link of linksOf(original)) {
      const inside = link.target === undefined ? undefined : renamed.get(link.target);
      const to = inside ?? target ?? (link.field === 'next' ? undefined : link.target);
      step = withLink(step, link.field, to);
    }
    return step;
  });
  const entry = renamed.get(entryOf(clipboard.steps).id) as string;
  const at = edge.from === undefined ? 0 : definition.steps.findIndex((s) => s.id === edge.from) + 1;
  let steps = [...definition.steps.slice(0, at), ...pasted, ...definition.steps.slice(at)];
  if (edge.from === undefined) {
    const index = steps.findIndex((s) => s.id === entry);
    steps = [steps[index], ...steps.filter((_, i) => i !== index)];
  } else {
    steps = steps.map((s) => (s.id === edge.from && edge.field !== 'start' ? withLink(s, edge.field, entry) : s));
  }
  return { definition: { ...definition, steps }, stepIds: pasted.map((s) => s.id) };
}

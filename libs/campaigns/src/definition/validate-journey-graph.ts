import { isObject, type Problems } from '@localreach/segmentation';
import { isWaitStep, STEP_TYPES, type StepType } from './campaign-definition';

/** One step as a graph node, read from unvalidated input (what cannot be read is left out). */
interface StepNode {
  id?: string;
  type?: StepType;
  edges: Link[];
}

/** A reference to another step, with the path of the field holding it. */
interface Link {
  path: string;
  target: string;
}

/** A resolved reference: `to` is the index of the step it names. */
interface Edge {
  path: string;
  to: number;
}

/**
 * Checks the journey as a graph: step ids are unique, every reference names
 * a step, every step is reachable from `steps[0]`, and every loop passes a
 * wait or waitUntil step (so a journey cannot spin without time passing).
 */
export function checkJourneyGraph(steps: readonly unknown[], out: Problems): void {
  const nodes = steps.map((step, i) => readNode(step, `steps[${i}]`));
  const indexById = indexIds(nodes, out);
  const edges = nodes.map((node) => resolveEdges(node, indexById, out));
  reportUnreachable(edges, out);
  reportLoopsWithoutWait(nodes, edges, out);
}

function readNode(step: unknown, path: string): StepNode {
  if (!isObject(step)) return { edges: [] };
  const id = typeof step.id === 'string' ? step.id : undefined;
  const type = STEP_TYPES.find((t) => t === step.type);
  const refs: [string, unknown][] = [];
  if (type === 'branch') {
    refs.push([`${path}.yes`, step.yes], [`${path}.no`, step.no]);
  } else if (type === 'split') {
    if (Array.isArray(step.branches)) {
      step.branches.forEach((b, j) => refs.push([`${path}.branches[${j}].next`, isObject(b) ? b.next : undefined]));
    }
  } else if (type !== 'exit') {
    refs.push([`${path}.next`, step.next]);
  }
  const edges = refs.flatMap(([refPath, target]) => (typeof target === 'string' && target.length > 0 ? [{ path: refPath, target }] : []));
  return { id, type, edges };
}

/** Maps each id to its first step; reports the repeats. */
function indexIds(nodes: readonly StepNode[], out: Problems): Map<string, number> {
  const indexById = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (node.id === undefined) return;
    const first = indexById.get(node.id);
    if (first === undefined) indexById.set(node.id, i);
    else out.add(`steps[${i}].id`, `duplicates steps[${first}].id`);
  });
  return indexById;
}

function resolveEdges(node: StepNode, indexById: ReadonlyMap<string, number>, out: Problems): Edge[] {
  return node.edges.flatMap(({ path, target }) => {
    const to = indexById.get(target);
    if (to !== undefined) return [{ path, to }];
    out.add(path, `must name a step: there is no step "${target}"`);
    return [];
  });
}

function reportUnreachable(edges: readonly Edge[][], out: Problems): void {
  const reached = new Set<number>([0]);
  const queue = [0];
  while (queue.length > 0) {
    const from = queue.shift() as number;
    for (const { to } of edges[from]) {
      if (!reached.has(to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  edges.forEach((_, i) => {
    if (!reached.has(i)) out.add(`steps[${i}]`, 'unreachable from the first step');
  });
}

/**
 * Depth-first search over the steps that are not waits: an edge back to a
 * step still on the path closes a loop in which no time passes. Each such
 * edge is reported once, at the field that closes the loop.
 */
function reportLoopsWithoutWait(nodes: readonly StepNode[], edges: readonly Edge[][], out: Problems): void {
  const state = new Array<'new' | 'open' | 'done'>(nodes.length).fill('new');
  const path: number[] = [];
  const skip = (i: number) => nodes[i].type !== undefined && isWaitStep(nodes[i].type);
  const label = (i: number) => nodes[i].id ?? `steps[${i}]`;
  const visit = (from: number): void => {
    state[from] = 'open';
    path.push(from);
    for (const { path: field, to } of edges[from]) {
      if (skip(to)) continue;
      if (state[to] === 'open') {
        const loop = [...path.slice(path.indexOf(to)), to].map(label);
        out.add(field, `loop steps ${loop.join(' → ')} has no wait step`);
      } else if (state[to] === 'new') {
        visit(to);
      }
    }
    path.pop();
    state[from] = 'done';
  };
  nodes.forEach((_, i) => {
    if (state[i] === 'new' && !skip(i)) visit(i);
  });
}

import { linksOf, withLink, type Definition, type LinkField, type Step, type Trigger } from './definition';
import { linkLabel, stepFacts, triggerFacts, type JourneyNames } from './words';

export const TRIGGER_NODE_ID = '@trigger';

/** Problems at one node: the field path relative to the node ('' for the node itself, 'templateId', 'branches[0].next') → message. */
export type NodeProblems = Record<string, string>;

interface NodeBase {
  /** Stable across edits that keep the step's id, so selection and rendering follow the step. */
  id: string;
  problems: NodeProblems;
}

export interface TriggerNode extends NodeBase {
  kind: 'trigger';
  trigger: Trigger;
  facts: string[];
}

export interface StepNode extends NodeBase {
  kind: 'step';
  /** Its index in `steps` (enrolments start at 0). */
  index: number;
  step: Step;
  facts: string[];
}

/** Where a linear step without `next` ends the journey. */
export interface EndNode extends NodeBase {
  kind: 'end';
}

/** A step id that a link names but no step has (the API refuses it; shown so it can be fixed). */
export interface MissingNode extends NodeBase {
  kind: 'missing';
  stepId: string;
}

export type JourneyNode = TriggerNode | StepNode | EndNode | MissingNode;

export interface JourneyEdge {
  id: string;
  source: string;
  target: string;
  /** The link field of the source step, or 'start' for the trigger's edge to steps[0]. */
  field: LinkField | 'start';
  label: string;
}

export interface JourneyGraph {
  nodes: JourneyNode[];
  edges: JourneyEdge[];
  /** Everything of the definition that is not a node: name, entry, goal, holdout, re-entry, priority. */
  settings: Omit<Definition, 'trigger' | 'steps'>;
}

export interface GraphOptions {
  names?: JourneyNames;
  /** Problems by node id (see problems.ts). */
  problems?: Record<string, NodeProblems>;
}

const NO_PROBLEMS: NodeProblems = Object.freeze({}) as NodeProblems;

/** The node id of each step, by index: `step:<id>`, with `#<index>` added to a repeated id. */
export function stepNodeIds(steps: readonly Step[]): string[] {
  const seen = new Set<string>();
  return steps.map((step, i) => {
    const base = `step:${step.id}`;
    const id = seen.has(base) ? `${base}#${i}` : base;
    seen.add(base);
    return id;
  });
}

/** The graph of a definition: the trigger first, then each step in order; edges from next / yes / no / split branches. */
export function definitionToGraph(definition: Definition, options: GraphOptions = {}): JourneyGraph {
  const { trigger, steps, ...settings } = definition;
  const problemsOf = (id: string) => options.problems?.[id] ?? NO_PROBLEMS;
  const ids = stepNodeIds(steps);
  const nodeByStepId = new Map<string, string>();
  steps.forEach((step, i) => {
    if (!nodeByStepId.has(step.id)) nodeByStepId.set(step.id, ids[i]);
  });
  const nodes: JourneyNode[] = [{ kind: 'trigger', id: TRIGGER_NODE_ID, trigger, facts: triggerFacts(trigger, options.names), problems: problemsOf(TRIGGER_NODE_ID) }];
  const edges: JourneyEdge[] = [];
  const extra = new Map<string, JourneyNode>();
  if (steps.length > 0) edges.push({ id: `${TRIGGER_NODE_ID}->start`, source: TRIGGER_NODE_ID, target: ids[0], field: 'start', label: '' });
  steps.forEach((step, i) => {
    nodes.push({ kind: 'step', id: ids[i], index: i, step, facts: stepFacts(step, options.names), problems: problemsOf(ids[i]) });
    for (const link of linksOf(step)) {
      const target = targetNode(link.target, ids[i], nodeByStepId, extra);
      edges.push({ id: `${ids[i]}->${link.field}`, source: ids[i], target, field: link.field, label: linkLabel(step, link.field) });
    }
  });
  return { nodes: [...nodes, ...extra.values()], edges, settings };
}

function targetNode(target: string | undefined, source: string, nodeByStepId: ReadonlyMap<string, string>, extra: Map<string, JourneyNode>): string {
  if (target === undefined) {
    const id = `end:${source}`;
    extra.set(id, { kind: 'end', id, problems: NO_PROBLEMS });
    return id;
  }
  const found = nodeByStepId.get(target);
  if (found !== undefined) return found;
  const id = `missing:${target}`;
  if (!extra.has(id)) extra.set(id, { kind: 'missing', id, stepId: target, problems: NO_PROBLEMS });
  return id;
}

/**
 * The definition a graph shows: the trigger node's trigger, the step nodes in
 * index order with every link field written from the edges (a step node's id
 * back to its step id, an end node to no `next`, a missing node to the id it stands for).
 */
export function graphToDefinition(graph: JourneyGraph): Definition {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const trigger = graph.nodes.find((n): n is TriggerNode => n.kind === 'trigger');
  if (!trigger) throw new Error('A journey graph has a trigger node');
  const stepNodes = graph.nodes.filter((n): n is StepNode => n.kind === 'step').sort((a, b) => a.index - b.index);
  const outgoing = new Map<string, JourneyEdge[]>();
  for (const edge of graph.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);
  const steps = stepNodes.map((node) => {
    let step = node.step;
    for (const edge of outgoing.get(node.id) ?? []) {
      if (edge.field === 'start') continue;
      step = withLink(step, edge.field, stepIdOf(byId.get(edge.target)));
    }
    return step;
  });
  return { ...graph.settings, trigger: trigger.trigger, steps } as Definition;
}

function stepIdOf(node: JourneyNode | undefined): string | undefined {
  if (node?.kind === 'step') return node.step.id;
  if (node?.kind === 'missing') return node.stepId;
  return undefined;
}

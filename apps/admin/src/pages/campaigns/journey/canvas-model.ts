import type { Edge, Node } from '@xyflow/react';
import type { Definition, StepType } from './definition';
import { insertableTypes, type EdgeRef } from './edits';
import type { JourneyEdge, JourneyGraph, JourneyNode } from './graph';
import type { Positioned } from './layout';

/*
 * React Flow's nodes and edges for a journey graph. An edit makes a new graph,
 * but most of its nodes say what they said before: those keep their previous
 * React Flow object, so only what changed renders again (60 steps stay fast).
 */
export type CanvasNode = Node<{ node: JourneyNode; label: string }>;
export type CanvasEdge = Edge<{ ref: EdgeRef; label: string; types: StepType[]; between: string }>;

export interface CanvasModel {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

function sameNode(a: JourneyNode, b: JourneyNode): boolean {
  if (a.kind !== b.kind || a.problems !== b.problems) return false;
  if (a.kind === 'step' && b.kind === 'step') return a.step === b.step && a.index === b.index && a.facts.join('\n') === b.facts.join('\n');
  if (a.kind === 'trigger' && b.kind === 'trigger') return a.trigger === b.trigger && a.facts.join('\n') === b.facts.join('\n');
  return true;
}

/** A step node's id in React Flow from a step id, and back. */
export const nodeIdOfStep = (stepId: string) => `step:${stepId}`;
export const stepIdOfNode = (nodeId: string) => (nodeId.startsWith('step:') ? nodeId.slice(5).replace(/#\d+$/, '') : undefined);

function refOf(edge: JourneyEdge, graph: JourneyGraph): EdgeRef {
  if (edge.field === 'start') return { from: undefined, field: 'start' };
  const source = graph.nodes.find((n) => n.id === edge.source);
  return { from: source?.kind === 'step' ? source.step.id : undefined, field: edge.field };
}

const shortName = (node: JourneyNode | undefined) =>
  node?.kind === 'step' ? node.step.id : node?.kind === 'trigger' ? 'the trigger' : node?.kind === 'missing' ? `missing step ${node.stepId}` : 'the end';

export interface CanvasInput {
  definition: Definition;
  graph: JourneyGraph;
  positions: ReadonlyMap<string, Positioned>;
  /** Selected node ids. */
  selected: ReadonlySet<string>;
  /** The model of the previous render, whose unchanged objects are kept. */
  previous: CanvasModel | null;
  label: (node: JourneyNode) => string;
}

/** The React Flow model of a journey (see above). */
export function canvasModel({ definition, graph, positions, selected, previous, label }: CanvasInput): CanvasModel {
  const before = new Map((previous?.nodes ?? []).map((n) => [n.id, n]));
  const nodes = graph.nodes.map((node): CanvasNode => {
    const at = positions.get(node.id) ?? { x: 0, y: 0, width: 0, height: 0 };
    const old = before.get(node.id);
    const isSelected = selected.has(node.id);
    if (old && old.position.x === at.x && old.position.y === at.y && !!old.selected === isSelected && sameNode(old.data.node, node)) return old;
    return {
      id: node.id, type: node.kind, position: { x: at.x, y: at.y }, width: at.width, height: at.height, data: { node, label: label(node) }, selected: isSelected,
      selectable: node.kind === 'step' || node.kind === 'trigger', ariaLabel: label(node), draggable: node.kind === 'step',
    };
  });
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const oldEdges = new Map((previous?.edges ?? []).map((e) => [e.id, e]));
  const edges = graph.edges.map((edge): CanvasEdge => {
    const ref = refOf(edge, graph);
    const types = insertableTypes(definition, ref);
    const between = `between ${shortName(byId.get(edge.source))} and ${shortName(byId.get(edge.target))}${edge.label ? ` (${edge.label})` : ''}`;
    const old = oldEdges.get(edge.id);
    if (old && old.source === edge.source && old.target === edge.target && old.data?.between === between && old.data.types.length === types.length) return old;
    return { id: edge.id, source: edge.source, target: edge.target, type: 'insert', data: { ref, label: edge.label, types, between }, selectable: false };
  });
  return { nodes, edges };
}

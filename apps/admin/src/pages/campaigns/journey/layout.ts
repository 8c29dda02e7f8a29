import { Graph, layout } from '@dagrejs/dagre';
import type { JourneyGraph, JourneyNode } from './graph';

export interface Size {
  width: number;
  height: number;
}

/** Node sizes the canvas draws (nodes.tsx sizes its boxes to these, so edges meet them). */
export const NODE_SIZES: Record<JourneyNode['kind'], Size> = {
  trigger: { width: 260, height: 84 },
  step: { width: 240, height: 84 },
  end: { width: 96, height: 32 },
  missing: { width: 200, height: 48 },
};

export interface Positioned {
  /** Top-left corner, as React Flow places nodes. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Past this many nodes, dagre keeps its first ordering of each rank instead of
 * sweeping for fewer crossings: the sweeps cost most of the layout's time
 * (60 steps: ~100 ms instead of ~25), and a journey is mostly a tree, whose
 * first (depth-first) order rarely crosses.
 */
export const QUICK_ORDER_FROM = 30;

/** Top-to-bottom positions of every node with dagre, by node id. */
export function layoutGraph(graph: JourneyGraph): Map<string, Positioned> {
  const g = new Graph({ multigraph: true });
  // tight-tree ranks as well as network-simplex on tree-like graphs, in a fraction of the time.
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 56, edgesep: 16, marginx: 16, marginy: 16, ranker: 'tight-tree' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...NODE_SIZES[node.kind] });
  // No label sizes: dagre would double every rank to make room; labels and "+" sit on the edge's middle, within ranksep.
  for (const edge of graph.edges) g.setEdge(edge.source, edge.target, {}, edge.id);
  layout(g, { disableOptimalOrderHeuristic: graph.nodes.length >= QUICK_ORDER_FROM });
  const out = new Map<string, Positioned>();
  for (const node of graph.nodes) {
    const laid = g.node(node.id);
    const { width, height } = NODE_SIZES[node.kind];
    out.set(node.id, { x: laid.x - width / 2, y: laid.y - height / 2, width, height });
  }
  return out;
}

/** What the layout depends on: the nodes and the edges between them (not what the steps say). */
export function topologyKey(graph: JourneyGraph): string {
  return `${graph.nodes.map((n) => `${n.kind[0]}${n.id}`).join('\n')}\n|\n${graph.edges.map((e) => `${e.source}>${e.target}`).join('\n')}`;
}

/**
 * layoutGraph remembering its last `size` answers by topology: an edit inside a
 * step (its wait, its template) and an undo back to a shape seen before lay
 * nothing out again.
 */
export function cachedLayout(size = 64): (graph: JourneyGraph) => Map<string, Positioned> {
  const cache = new Map<string, Map<string, Positioned>>();
  return (graph) => {
    const key = topologyKey(graph);
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const positions = layoutGraph(graph);
    cache.set(key, positions);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
    return positions;
  };
}

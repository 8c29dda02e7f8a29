import { useCallback, useMemo, useRef, useState } from 'react';
import { canvasModel, nodeIdOfStep, type CanvasModel } from '../journey/canvas-model';
import { nodeAriaLabel } from '../journey/CanvasNodes';
import type { Definition } from '../journey/definition';
import { definitionToGraph, TRIGGER_NODE_ID, type JourneyGraph, type NodeProblems } from '../journey/graph';
import { cachedLayout, topologyKey, type Positioned } from '../journey/layout';
import type { JourneyNames } from '../journey/words';

export interface JourneyCanvasState {
  graph: JourneyGraph;
  model: CanvasModel;
  moveNode(id: string, position: { x: number; y: number }): void;
}

/** Selected step ids (and the trigger's node id) as node ids. */
export function selectedNodeIds(selected: readonly string[]): Set<string> {
  return new Set(selected.map((id) => (id === TRIGGER_NODE_ID ? id : nodeIdOfStep(id))));
}

/**
 * The graph, layout and React Flow model of the present definition. Layouts
 * are cached by shape; a node dragged keeps its place until the shape changes.
 */
export function useJourneyCanvas(definition: Definition, names: JourneyNames, problems: Record<string, NodeProblems> | undefined, selected: readonly string[]): JourneyCanvasState {
  const layout = useRef(cachedLayout()).current;
  const previous = useRef<CanvasModel | null>(null);
  const [moved, setMoved] = useState<{ key: string; at: Map<string, { x: number; y: number }> }>({ key: '', at: new Map() });
  const graph = useMemo(() => definitionToGraph(definition, { names, problems }), [definition, names, problems]);
  const key = useMemo(() => topologyKey(graph), [graph]);
  const positions = useMemo(() => {
    const laid = layout(graph);
    if (moved.key !== key || moved.at.size === 0) return laid;
    const out = new Map<string, Positioned>(laid);
    for (const [id, at] of moved.at) {
      const base = laid.get(id);
      if (base) out.set(id, { ...base, ...at });
    }
    return out;
  }, [graph, key, layout, moved]);
  const selectedIds = useMemo(() => selectedNodeIds(selected), [selected]);
  const model = useMemo(() => {
    const next = canvasModel({ definition, graph, positions, selected: selectedIds, previous: previous.current, label: nodeAriaLabel });
    previous.current = next;
    return next;
  }, [definition, graph, positions, selectedIds]);
  const moveNode = useCallback((id: string, position: { x: number; y: number }) => {
    setMoved((m) => {
      const at = new Map(m.key === key ? m.at : []);
      at.set(id, position);
      return { key, at };
    });
  }, [key]);
  return { graph, model, moveNode };
}

import '@xyflow/react/dist/style.css';
import { Background, Controls, getNodesBounds, ReactFlow, ReactFlowProvider, type NodeChange, type ReactFlowInstance } from '@xyflow/react';
import { useCallback, useMemo, useRef } from 'react';
import { CanvasActionsContext, type CanvasActions } from './canvas-context';
import type { CanvasEdge, CanvasNode } from './canvas-model';
import { NODE_TYPES } from './CanvasNodes';
import { EDGE_TYPES } from './InsertEdge';

/**
 * Past this many nodes only those in view are in the page: a long journey's
 * edit then costs what the view shows, not the whole journey. Tabbing still
 * walks every node, since focusing one pans the canvas to it (and the "+" buttons do the same).
 */
export const RENDER_VISIBLE_FROM = 40;

export interface JourneyCanvasProps {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  actions: Omit<CanvasActions, 'reveal'>;
  /** The selected node ids after a click, a Ctrl/Cmd/Shift+click or Enter on a focused node. */
  onSelect(ids: string[]): void;
  /** A node dragged (or moved with the arrow keys) to a place of its own. */
  onMoveNode(id: string, position: { x: number; y: number }): void;
}

/**
 * The journey on a React Flow canvas: nodes laid out by the editor, a "+" on
 * every edge. Deleting, copying and undoing are the editor's keyboard
 * shortcuts (React Flow's own Delete is off: a step is deleted by the
 * editor's rules, reconnecting what led to it).
 */
/** React Flow's node changes as the editor's: the selection after a click or Enter, a node's own place after a drag. */
function useNodeChanges(nodes: CanvasNode[], onSelect: JourneyCanvasProps['onSelect'], onMoveNode: JourneyCanvasProps['onMoveNode']) {
  return useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length > 0) {
        const selected = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
        for (const change of selects) {
          if (change.selected) selected.add(change.id);
          else selected.delete(change.id);
        }
        onSelect([...selected]);
      }
      for (const change of changes) if (change.type === 'position' && change.position) onMoveNode(change.id, change.position);
    },
    [nodes, onSelect, onMoveNode],
  );
}

export function JourneyCanvas({ nodes, edges, actions, onSelect, onMoveNode }: JourneyCanvasProps) {
  const onNodesChange = useNodeChanges(nodes, onSelect, onMoveNode);
  const wrapper = useRef<HTMLDivElement>(null);
  const flowRef = useRef<ReactFlowInstance<CanvasNode, CanvasEdge> | null>(null);
  const onInit = useCallback((flow: ReactFlowInstance<CanvasNode, CanvasEdge>) => {
    flowRef.current = flow;
    const canvas = { width: wrapper.current?.clientWidth ?? 0, height: wrapper.current?.clientHeight ?? 0 };
    void flow.setViewport(startViewport(getNodesBounds(flow.getNodes()), canvas));
  }, []);
  const context = useMemo<CanvasActions>(() => ({
    ...actions,
    reveal: (screen) => {
      const flow = flowRef.current;
      if (!flow) return;
      const at = flow.screenToFlowPosition(screen);
      void flow.setCenter(at.x, at.y, { zoom: flow.getZoom() });
    },
  }), [actions]);
  return (
    <CanvasActionsContext.Provider value={context}>
      <ReactFlowProvider>
        <div ref={wrapper} style={{ width: '100%', height: '100%' }}>
        <ReactFlow<CanvasNode, CanvasEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={onNodesChange}
          nodesConnectable={false}
          nodesDraggable={!actions.readOnly}
          edgesFocusable={false}
          deleteKeyCode={null}
          multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
          selectionKeyCode={null}
          onInit={onInit}
          onlyRenderVisibleElements={nodes.length > RENDER_VISIBLE_FROM}
          panOnScroll
          zoomOnScroll={false}
          minZoom={0.1}
          onPaneClick={() => onSelect([])}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
        </div>
      </ReactFlowProvider>
    </CanvasActionsContext.Provider>
  );
}

/**
 * Where the canvas starts: the journey's top centred, zoomed to show as much
 * of it as fits but readable (zoom 0.7 to 1); a long journey is then scrolled, not shrunk to dots.
 */
export function startViewport(bounds: { x: number; y: number; width: number; height: number }, canvas: { width: number; height: number }): { x: number; y: number; zoom: number } {
  const fit = (space: number, size: number) => (space > 0 && size > 0 ? (space - 32) / size : 1);
  const zoom = Math.min(1, Math.max(0.7, Math.min(fit(canvas.width, bounds.width), fit(canvas.height, bounds.height))));
  return { x: (canvas.width - bounds.width * zoom) / 2 - bounds.x * zoom, y: 16 - bounds.y * zoom, zoom };
}

import '@xyflow/react/dist/style.css';
import { Background, Controls, ReactFlow, ReactFlowProvider, type NodeChange } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { CanvasActionsContext, type CanvasActions } from './canvas-context';
import type { CanvasEdge, CanvasNode } from './canvas-model';
import { NODE_TYPES } from './CanvasNodes';
import { EDGE_TYPES } from './InsertEdge';

export interface JourneyCanvasProps {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  actions: CanvasActions;
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
export function JourneyCanvas({ nodes, edges, actions, onSelect, onMoveNode }: JourneyCanvasProps) {
  const onNodesChange = useCallback(
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
  const context = useMemo(() => actions, [actions]);
  return (
    <CanvasActionsContext.Provider value={context}>
      <ReactFlowProvider>
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
          fitView
          fitViewOptions={{ maxZoom: 1, padding: 0.1 }}
          minZoom={0.1}
          onPaneClick={() => onSelect([])}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </CanvasActionsContext.Provider>
  );
}

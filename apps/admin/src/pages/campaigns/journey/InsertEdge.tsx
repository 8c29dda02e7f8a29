import { Menu } from '@mantine/core';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo, type FocusEvent } from 'react';
import { useCanvasActions } from './canvas-context';
import type { CanvasEdge } from './canvas-model';
import { STEP_TYPE_NAMES } from './definition';

interface EdgeControlsProps {
  data: NonNullable<CanvasEdge['data']>;
}

/** The label and "+" menu: memoised on what they say, so an edge that only moves does not render its menu again. */
const EdgeControls = memo(function EdgeControls({ data }: EdgeControlsProps) {
  const { insert, readOnly, reveal } = useCanvasActions();
  // A keyboard user tabbing to a "+" off screen: the canvas pans to it (React Flow does this for nodes, not for edge buttons).
  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const pane = event.currentTarget.closest('.react-flow');
    if (!pane) return;
    pane.scrollTop = 0;
    pane.scrollLeft = 0;
    const box = event.currentTarget.getBoundingClientRect();
    const view = pane.getBoundingClientRect();
    if (box.top < view.top || box.bottom > view.bottom || box.left < view.left || box.right > view.right) {
      reveal({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
    }
  };
  return (
    <>
      {data.label && <span className="lr-edge-label">{data.label}</span>}
      {!readOnly && (
        <Menu position="bottom" withinPortal shadow="md">
          <Menu.Target>
            <button type="button" className="lr-plus" aria-label={`Insert a step ${data.between}`} onFocus={onFocus}>+</button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Insert a step</Menu.Label>
            {data.types.map((type) => (
              <Menu.Item key={type} onClick={() => insert(data.ref, type)}>{STEP_TYPE_NAMES[type]}</Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </>
  );
});

/** An edge with its label (Yes / No, a split branch) and a "+" that inserts a step on it, by mouse or keyboard. */
export function InsertEdge(props: EdgeProps<CanvasEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath({ ...props, borderRadius: 8 });
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} style={{ stroke: 'var(--mantine-color-gray-6)', strokeWidth: 1.5 }} />
      <EdgeLabelRenderer>
        <div className="nodrag nopan lr-edge-controls" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
          <EdgeControls data={props.data!} />
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const EDGE_TYPES = { insert: InsertEdge };

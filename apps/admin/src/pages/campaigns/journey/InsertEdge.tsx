import { ActionIcon, Badge, Group, Menu } from '@mantine/core';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCanvasActions } from './canvas-context';
import type { CanvasEdge } from './canvas-model';
import { STEP_TYPE_NAMES } from './definition';

/** An edge with its label (Yes / No, a split branch) and a "+" that inserts a step on it, by mouse or keyboard. */
export const InsertEdge = memo(function InsertEdge(props: EdgeProps<CanvasEdge>) {
  const { insert, readOnly } = useCanvasActions();
  const [path, labelX, labelY] = getSmoothStepPath({ ...props, borderRadius: 8 });
  const data = props.data!;
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} style={{ stroke: 'var(--mantine-color-gray-6)', strokeWidth: 1.5 }} />
      <EdgeLabelRenderer>
        <Group gap={4} wrap="nowrap" className="nodrag nopan"
          style={{ position: 'absolute', transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, pointerEvents: 'all' }}>
          {data.label && <Badge size="sm" variant="white" color="dark" style={{ textTransform: 'none', border: '1px solid var(--mantine-color-gray-4)' }}>{data.label}</Badge>}
          {!readOnly && (
            <Menu position="bottom" withinPortal shadow="md">
              <Menu.Target>
                <ActionIcon size="sm" radius="xl" variant="default" aria-label={`Insert a step ${data.between}`}>+</ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Insert a step</Menu.Label>
                {data.types.map((type) => (
                  <Menu.Item key={type} onClick={() => insert(data.ref, type)}>{STEP_TYPE_NAMES[type]}</Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </EdgeLabelRenderer>
    </>
  );
});

export const EDGE_TYPES = { insert: InsertEdge };

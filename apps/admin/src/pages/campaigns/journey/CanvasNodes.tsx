import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { CanvasNode } from './canvas-model';
import { memo } from 'react';
import { STEP_TYPE_NAMES } from './definition';
import type { JourneyNode, MissingNode, StepNode, TriggerNode } from './graph';
import { NODE_SIZES } from './layout';
import { problemLines } from './problems';


const ACCENTS: Record<string, string> = {
  trigger: 'var(--mantine-color-violet-7)', email: 'var(--mantine-color-blue-7)', sms: 'var(--mantine-color-teal-8)', wait: 'var(--mantine-color-gray-7)',
  waitUntil: 'var(--mantine-color-gray-7)', branch: 'var(--mantine-color-orange-8)', split: 'var(--mantine-color-grape-7)', update: 'var(--mantine-color-cyan-8)',
  exit: 'var(--mantine-color-dark-4)',
};

function ProblemBadge({ problems }: { problems: Record<string, string> }) {
  const lines = problemLines(problems);
  if (lines.length === 0) return null;
  return (
    <Tooltip label={lines.join('\n')} multiline maw={320} withinPortal>
      <Badge color="red" variant="filled" size="sm" maw="100%" style={{ textTransform: 'none' }} data-testid="node-problem">
        {lines.length === 1 ? lines[0] : `${lines[0]} (+${lines.length - 1})`}
      </Badge>
    </Tooltip>
  );
}

function Box({ accent, selected, width, height, children }: { accent: string; selected: boolean; width: number; height: number; children: React.ReactNode }) {
  return (
    <div
      style={{
        width, height, boxSizing: 'border-box', padding: '6px 10px', overflow: 'hidden', borderRadius: 8, background: 'var(--mantine-color-body)',
        border: `1px solid ${selected ? 'var(--mantine-color-blue-7)' : 'var(--mantine-color-gray-5)'}`, borderLeft: `6px solid ${accent}`,
        boxShadow: selected ? '0 0 0 3px var(--mantine-color-blue-3)' : undefined,
      }}
    >
      {children}
    </div>
  );
}

const Facts = ({ facts }: { facts: string[] }) => (
  <>{facts.slice(0, 2).map((f) => <Text key={f} size="xs" lineClamp={1}>{f}</Text>)}</>
);

export const TriggerNodeView = memo(function TriggerNodeView({ data, selected }: NodeProps<CanvasNode>) {
  const node = data.node as TriggerNode;
  return (
    <>
      <Box accent={ACCENTS.trigger} selected={selected} {...NODE_SIZES.trigger}>
        <Text size="sm" fw={700}>Trigger</Text>
        <Facts facts={node.facts} />
        <ProblemBadge problems={node.problems} />
      </Box>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </>
  );
});

export const StepNodeView = memo(function StepNodeView({ data, selected }: NodeProps<CanvasNode>) {
  const node = data.node as StepNode;
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <Box accent={ACCENTS[node.step.type]} selected={selected} {...NODE_SIZES.step}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={700}>{STEP_TYPE_NAMES[node.step.type]}</Text>
          <Text size="xs" c="dimmed" truncate>{node.step.id}</Text>
        </Group>
        <Facts facts={node.facts} />
        <ProblemBadge problems={node.problems} />
      </Box>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </>
  );
});

export const EndNodeView = memo(function EndNodeView(_props: NodeProps<CanvasNode>) {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div style={{ ...NODE_SIZES.end, boxSizing: 'border-box', borderRadius: 16, border: '1px dashed var(--mantine-color-gray-6)', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Text size="xs">End</Text>
      </div>
    </>
  );
});

export const MissingNodeView = memo(function MissingNodeView({ data }: NodeProps<CanvasNode>) {
  const node = data.node as MissingNode;
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div style={{ ...NODE_SIZES.missing, boxSizing: 'border-box', padding: '4px 8px', borderRadius: 8, border: '2px dashed var(--mantine-color-red-8)' }}>
        <Text size="xs" c="red.9" fw={700}>No such step</Text>
        <Text size="xs" c="red.9" truncate>{node.stepId === '' ? '(none chosen)' : `“${node.stepId}”`}</Text>
      </div>
    </>
  );
});

export const NODE_TYPES = { trigger: TriggerNodeView, step: StepNodeView, end: EndNodeView, missing: MissingNodeView };

/** The accessible name of a node: what it is and its problems, as a screen reader announces it. */
export function nodeAriaLabel(node: JourneyNode): string {
  const problems = problemLines(node.problems);
  const tail = problems.length > 0 ? `. Problem: ${problems.join('; ')}` : '';
  switch (node.kind) {
    case 'trigger':
      return `Trigger: ${node.facts.join(', ')}${tail}`;
    case 'step':
      return `${STEP_TYPE_NAMES[node.step.type]} step ${node.step.id}: ${node.facts.join(', ')}${tail}`;
    case 'end':
      return 'End of the journey';
    case 'missing':
      return `Missing step “${node.stepId}”`;
  }
}


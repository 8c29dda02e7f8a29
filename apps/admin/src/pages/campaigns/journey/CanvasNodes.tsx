import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import type { CanvasNode } from './canvas-model';
import { STEP_TYPE_NAMES } from './definition';
import type { JourneyNode, MissingNode, StepNode, TriggerNode } from './graph';
import { NODE_SIZES } from './layout';
import { problemLines } from './problems';
import './journey.css';

const ACCENTS: Record<string, string> = {
  trigger: 'var(--mantine-color-violet-7)', email: 'var(--mantine-color-blue-7)', sms: 'var(--mantine-color-teal-8)', wait: 'var(--mantine-color-gray-7)',
  waitUntil: 'var(--mantine-color-gray-7)', branch: 'var(--mantine-color-orange-8)', split: 'var(--mantine-color-grape-7)', update: 'var(--mantine-color-cyan-8)',
  exit: 'var(--mantine-color-dark-4)',
};

/** The first problem in words (and how many more), its full list as the title. */
function ProblemBadge({ problems }: { problems: Record<string, string> }) {
  const lines = problemLines(problems);
  if (lines.length === 0) return null;
  return (
    <span className="lr-problem" title={lines.join('\n')} data-testid="node-problem">
      {lines.length === 1 ? lines[0] : `${lines[0]} (+${lines.length - 1})`}
    </span>
  );
}

function Box({ accent, selected, size, children }: { accent: string; selected: boolean; size: { width: number; height: number }; children: ReactNode }) {
  return <div className="lr-node" data-selected={selected} style={{ ...size, borderLeftColor: accent }}>{children}</div>;
}

const Facts = ({ facts }: { facts: string[] }) => <>{facts.slice(0, 2).map((f) => <div key={f} className="lr-node-fact">{f}</div>)}</>;

// The views get new position props whenever a node moves; their content is memoised on what it shows only.
const TriggerContent = memo(function TriggerContent({ node, selected }: { node: TriggerNode; selected: boolean }) {
  return (
    <Box accent={ACCENTS.trigger} selected={selected} size={NODE_SIZES.trigger}>
      <div className="lr-node-title">Trigger</div>
      <Facts facts={node.facts} />
      <ProblemBadge problems={node.problems} />
    </Box>
  );
});

export function TriggerNodeView({ data, selected }: NodeProps<CanvasNode>) {
  return (
    <>
      <TriggerContent node={data.node as TriggerNode} selected={selected} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </>
  );
}

const StepContent = memo(function StepContent({ node, selected }: { node: StepNode; selected: boolean }) {
  return (
    <Box accent={ACCENTS[node.step.type]} selected={selected} size={NODE_SIZES.step}>
      <div className="lr-node-head">
        <span className="lr-node-title">{STEP_TYPE_NAMES[node.step.type]}</span>
        <span className="lr-node-id">{node.step.id}</span>
      </div>
      <Facts facts={node.facts} />
      <ProblemBadge problems={node.problems} />
    </Box>
  );
});

export function StepNodeView({ data, selected }: NodeProps<CanvasNode>) {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <StepContent node={data.node as StepNode} selected={selected} />
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </>
  );
}

export function EndNodeView() {
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="lr-end" style={NODE_SIZES.end}>End</div>
    </>
  );
}

export function MissingNodeView({ data }: NodeProps<CanvasNode>) {
  const node = data.node as MissingNode;
  return (
    <>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="lr-missing" style={NODE_SIZES.missing}>
        <strong>No such step</strong>
        <div>{node.stepId === '' ? '(none chosen)' : `“${node.stepId}”`}</div>
      </div>
    </>
  );
}

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

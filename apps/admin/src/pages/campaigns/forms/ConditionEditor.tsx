import { Alert, Button, Group, Modal, Paper, Stack, Switch, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { RuleTreeEditor } from '../../../components/segment-builder/RuleTreeEditor';
import { withGroupRoot, type NodePath, type NodeProblem, type RuleNode } from '../../../components/segment-builder/rule-tree';
import { conditionSummary, sinceEnrolmentChoices, withSinceEnrolment } from './condition-values';
import type { FormProblems, FormRefs } from './definition-types';
import { problemsInTree } from './form-problems';

export interface ConditionEditorProps {
  /** "Condition", "Entry condition": the button and dialog say it. */
  label: string;
  condition: RuleNode;
  onChange: (condition: RuleNode) => void;
  problems: FormProblems;
  /** Where the condition's problems are: 'condition' (a branch step) or 'entry' (the campaign). */
  prefix: string;
  refs: FormRefs;
  readOnly: boolean;
  /** Branch conditions may count events, orders and engagement since enrolment. */
  sinceEnrolment?: boolean;
}

function SinceEnrolmentSwitches({ tree, onChange, readOnly }: { tree: RuleNode; onChange: (tree: RuleNode) => void; readOnly: boolean }) {
  const choices = sinceEnrolmentChoices(tree);
  if (choices.length === 0) return null;
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Text size="sm" fw={600}>Count since the customer entered this campaign</Text>
        <Text size="xs" c="dimmed">Instead of a window ("within the last"), count only what happened since enrolment, e.g. an order placed after the reminder.</Text>
        {choices.map((c) => (
          <Switch key={c.path} label={`Condition ${c.label}: since enrolment`} checked={c.on} disabled={readOnly} onChange={(e) => onChange(withSinceEnrolment(tree, c.path, e.currentTarget.checked))} />
        ))}
      </Stack>
    </Paper>
  );
}

function ProblemSummary({ problems }: { problems: Record<NodePath, NodeProblem[]> }) {
  const list = Object.values(problems).flat();
  if (list.length === 0) return null;
  return (
    <Alert color="red" p="xs" role="alert">
      <Text size="sm">{list.length === 1 ? '1 problem' : `${list.length} problems`} in the condition (open it to see where):</Text>
      {list.map((p, i) => <Text key={i} size="sm">{p.field ? `${p.field}: ` : ''}{p.message}</Text>)}
    </Alert>
  );
}

/**
 * A segment condition in a narrow panel: said in a line, edited in a dialog
 * wide enough for the condition builder (full screen on a phone). Every change
 * applies at once, so closing the dialog loses nothing.
 */
export function ConditionEditor({ label, condition, onChange, problems, prefix, refs, readOnly, sinceEnrolment }: ConditionEditorProps) {
  const [open, setOpen] = useState(false);
  const phone = useMediaQuery('(max-width: 48em)');
  const tree = withGroupRoot(condition);
  const nodeProblems = problemsInTree(problems, prefix, condition, tree);
  const stores = refs.stores.map((s) => ({ value: s.id, label: s.name }));
  const geofences = refs.geofences.map((g) => ({ value: g.id, label: g.name }));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>{label}</Text>
      <Text size="sm" data-testid="condition-summary">{conditionSummary(condition)}</Text>
      <ProblemSummary problems={nodeProblems} />
      <Group><Button size="xs" variant="light" onClick={() => setOpen(true)}>{readOnly ? `View ${label.toLowerCase()}` : `Edit ${label.toLowerCase()}`}</Button></Group>
      <Modal opened={open} onClose={() => setOpen(false)} title={label} size="xl" fullScreen={phone} closeButtonProps={{ 'aria-label': `Close ${label.toLowerCase()}` }}>
        <Stack gap="sm">
          <RuleTreeEditor tree={tree} onChange={onChange} problems={nodeProblems} readOnly={readOnly} stores={stores} geofences={geofences} />
          {sinceEnrolment && <SinceEnrolmentSwitches tree={tree} onChange={onChange} readOnly={readOnly} />}
          <Group justify="flex-end"><Button onClick={() => setOpen(false)}>Done</Button></Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

import { memo } from 'react';
import { Alert, Button, Group, List, Paper, Select, Stack, Text, Title } from '@mantine/core';
import type { Campaign, JourneyRefs } from './campaign-editor-hooks';
import { STEP_TYPE_NAMES, type Definition, type Step, type Trigger } from '../journey/definition';
import { moveTargets, type EdgeRef } from '../journey/edits';
import type { JourneyNode, NodeProblems } from '../journey/graph';
import { problemLines } from '../journey/problems';
import { CampaignSettingsForm, StepForm, TriggerForm } from '../forms';
import { TestSendForm } from './TestSendForm';

export interface SidePanelProps {
  campaign: Campaign;
  definition: Definition;
  /** The selected node; null when none is (the panel then shows the campaign's settings). */
  node: JourneyNode | null;
  /** How many nodes are selected (several: the panel says so; Delete and Ctrl/Cmd+C act on them all). */
  selectedCount: number;
  problems: NodeProblems;
  settingsProblems: Record<string, string>;
  refs: JourneyRefs;
  readOnly: boolean;
  unsaved: boolean;
  onStepChange(stepId: string, step: Step): void;
  onTriggerChange(trigger: Trigger): void;
  onSettingsChange(definition: Definition): void;
  onDelete(): void;
  onMove(stepId: string, edge: EdgeRef): void;
}

/** Moves a step onto another edge (what a drag onto an edge would do), reconnecting where it was. */
function MoveStep({ definition, stepId, onMove }: { definition: Definition; stepId: string; onMove: SidePanelProps['onMove'] }) {
  const targets = moveTargets(definition, stepId);
  if (targets.length === 0) return null;
  return (
    <Select label="Move this step" placeholder="Choose where it goes" value={null} data={targets.map((t, i) => ({ value: String(i), label: t.label }))}
      onChange={(value) => value !== null && onMove(stepId, targets[Number(value)].edge)} comboboxProps={{ withinPortal: true }} />
  );
}

function Problems({ lines }: { lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <Alert color="red" title="The API refused this" role="alert" data-testid="panel-problems">
      <List size="sm">{lines.map((line) => <List.Item key={line}>{line}</List.Item>)}</List>
    </Alert>
  );
}

function titleOf(node: JourneyNode | null): string {
  if (!node) return 'Campaign settings';
  if (node.kind === 'trigger') return 'Trigger';
  if (node.kind === 'step') return `${STEP_TYPE_NAMES[node.step.type]} step “${node.step.id}”`;
  return node.kind === 'end' ? 'End of the journey' : `Missing step “${node.stepId}”`;
}

/**
 * The side panel's frame: what is selected, its problems from the last refused
 * save, its editor, and a test send for message steps. onStepChange /
 * onTriggerChange / onSettingsChange put the form's new object into the
 * definition and the undo history.
 */
export const SidePanel = memo(function SidePanel(props: SidePanelProps) {
  const { node, problems, readOnly } = props;
  const step = node?.kind === 'step' ? node.step : null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="side-panel-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" id="side-panel-title" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{props.selectedCount > 1 ? `${props.selectedCount} steps selected` : titleOf(node)}</Title>
          {(step || props.selectedCount > 1) && !readOnly && (
            <Button size="compact-xs" color="red" variant="light" style={{ flexShrink: 0 }} onClick={props.onDelete}>{props.selectedCount > 1 ? 'Delete steps' : 'Delete step'}</Button>
          )}
        </Group>
        <Problems lines={node ? problemLines(problems) : props.selectedCount === 0 ? Object.entries(props.settingsProblems).map(([f, m]) => `${f}: ${m}`) : []} />
        {node?.kind === 'trigger' && <TriggerForm trigger={node.trigger} onChange={props.onTriggerChange} problems={problems} refs={props.refs} readOnly={readOnly} />}
        {step && (
          <StepForm key={`form:${step.id}`} step={step} stepIds={props.definition.steps.map((s) => s.id)} onChange={(changed) => props.onStepChange(step.id, changed)}
            problems={problems} refs={props.refs} readOnly={readOnly} />
        )}
        {step && !readOnly && <MoveStep definition={props.definition} stepId={step.id} onMove={props.onMove} />}
        {!node && props.selectedCount <= 1 && (
          <CampaignSettingsForm definition={props.definition} onChange={props.onSettingsChange} problems={props.settingsProblems} refs={props.refs} readOnly={readOnly} />
        )}
        {props.selectedCount > 1 && <Text size="sm">Delete removes them all; Ctrl/Cmd+C copies them, Ctrl/Cmd+V pastes the copies after the last one.</Text>}
        {(node?.kind === 'end' || node?.kind === 'missing') && <Text size="sm">Use the “+” on an edge to add a step here.</Text>}
        {step && (step.type === 'email' || step.type === 'sms') && !readOnly && (
          <TestSendForm key={`test-send:${step.id}`} campaignId={props.campaign.id} stepId={step.id} channel={step.type} unsaved={props.unsaved} />
        )}
      </Stack>
    </Paper>
  );
});

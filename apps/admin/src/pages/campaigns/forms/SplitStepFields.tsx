import { ActionIcon, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { AUTO_WINNER_METRICS, LIMITS, type SplitBranch } from './definition-types';
import { DurationInput, TargetSelect } from './FormBits';
import { problemAt } from './form-problems';
import { numberText, typedNumber } from './form-values';
import { percentText, weightPercents, withAddedBranch, withEvenWeights } from './split-weights';
import type { StepFieldsProps } from './step-form-props';

const METRIC_LABELS: Record<(typeof AUTO_WINNER_METRICS)[number], string> = {
  conversion_rate: 'Conversion rate',
  click_rate: 'Click rate',
  revenue_per_recipient: 'Revenue per recipient',
};
const FROM_SETTINGS = 'Default from Settings';

function BranchRow({ index, percent, props }: { index: number; percent: number | null; props: StepFieldsProps }) {
  const { values, set, problems, readOnly, stepIds, step } = props;
  const branch = values.branches[index];
  const path = `branches[${index}]`;
  const name = branch.name || `variant ${index + 1}`;
  const change = (next: SplitBranch) => set({ branches: values.branches.map((b, i) => (i === index ? next : b)) });
  const canRemove = !readOnly && values.branches.length > LIMITS.minSplitBranches;
  return (
    <Paper withBorder p="xs" data-testid="split-branch">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Badge variant="light" aria-label={`${name}: ${percentText(percent)} of enrolments`}>{percentText(percent)}</Badge>
          {canRemove && <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={() => set({ branches: values.branches.filter((_, i) => i !== index) })}>✕</ActionIcon>}
        </Group>
        <SimpleGrid cols={2} spacing="xs">
          <TextInput label={`Name of variant ${index + 1}`} value={branch.name ?? ''} readOnly={readOnly} error={problemAt(problems, `${path}.name`)}
            onChange={(e) => change({ ...branch, name: e.currentTarget.value || undefined })} />
          <TextInput label={`Weight of ${name}`} inputMode="decimal" value={numberText(branch.weight)} readOnly={readOnly} error={problemAt(problems, `${path}.weight`)}
            onChange={(e) => change({ ...branch, weight: typedNumber(e.currentTarget.value) })} />
        </SimpleGrid>
        <TargetSelect label={`${name} goes to`} value={branch.next} stepIds={stepIds} self={step.id} readOnly={readOnly} error={problemAt(problems, `${path}.next`) ?? problemAt(problems, path)}
          onChange={(next) => change({ ...branch, next })} />
      </Stack>
    </Paper>
  );
}

function AutoWinnerFields({ values, set, problems, readOnly }: StepFieldsProps) {
  const metrics = [{ value: '', label: FROM_SETTINGS }, ...AUTO_WINNER_METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }))];
  const path = (field: string) => `autoWinner.${field}`;
  return (
    <Stack gap="xs" pl="md" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
      <Text size="xs" c="dimmed">Once the test has run long enough and every variant has enough recipients, a variant that wins is sent to everyone after. Never on open rate, which machine opens inflate. Empty fields take the defaults from Settings when saved.</Text>
      <Select label="Winner chosen on" data={metrics} value={values.metric} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, path('metric'))}
        onChange={(v) => v !== null && set({ metric: v as typeof values.metric })} />
      <TextInput label="Confidence required" description="0.8 to 0.999" placeholder={FROM_SETTINGS} inputMode="decimal" value={values.confidence} readOnly={readOnly}
        error={problemAt(problems, path('confidence'))} onChange={(e) => set({ confidence: e.currentTarget.value })} />
      <TextInput label="Recipients each variant needs first" placeholder={FROM_SETTINGS} inputMode="numeric" value={values.minSamplePerVariant} readOnly={readOnly}
        error={problemAt(problems, path('minSamplePerVariant'))} onChange={(e) => set({ minSamplePerVariant: e.currentTarget.value })} />
      <DurationInput label="Runs at least" placeholder={FROM_SETTINGS} value={values.minDuration} readOnly={readOnly} error={problemAt(problems, path('minDuration'))}
        onChange={(minDuration) => set({ minDuration })} />
    </Stack>
  );
}

/** An A/B split: named branches with weights (shown as shares of enrolments) and the automatic winner. */
export function SplitStepFields(props: StepFieldsProps) {
  const { values, set, problems, readOnly, stepIds, step } = props;
  const percents = weightPercents(values.branches);
  const fallback = stepIds.find((id) => id !== step.id) ?? '';
  return (
    <>
      <Text size="sm" fw={600}>Variants</Text>
      <Text size="xs" c="dimmed">Each customer takes one at random, in proportion to the weights.</Text>
      {problemAt(problems, 'branches') && <Text size="sm" c="red" role="alert">{problemAt(problems, 'branches')}</Text>}
      {values.branches.map((_, i) => <BranchRow key={i} index={i} percent={percents[i]} props={props} />)}
      {!readOnly && (
        <Group gap="xs">
          <Button size="xs" variant="light" disabled={values.branches.length >= LIMITS.maxSplitBranches}
            onClick={() => set({ branches: withAddedBranch(values.branches, values.branches.at(-1)?.next ?? fallback) })}>Add variant</Button>
          <Button size="xs" variant="default" onClick={() => set({ branches: withEvenWeights(values.branches) })}>Split evenly</Button>
        </Group>
      )}
      <Switch label="Pick a winner automatically" checked={values.autoWinner} disabled={readOnly} error={problemAt(problems, 'autoWinner')}
        onChange={(e) => set({ autoWinner: e.currentTarget.checked })} />
      {values.autoWinner && <AutoWinnerFields {...props} />}
    </>
  );
}

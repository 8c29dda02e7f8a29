import { Divider, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { ConditionEditor } from './ConditionEditor';
import type { CampaignDefinition, CampaignPriority, FormProblems, FormRefs } from './definition-types';
import { DurationInput, OtherProblems } from './FormBits';
import { otherProblems, problemAt } from './form-problems';
import { patchSettings, PRIORITY_OPTIONS, settingsValues, type SettingsValues } from './settings-values';

export interface CampaignSettingsFormProps {
  definition: CampaignDefinition;
  onChange: (definition: CampaignDefinition) => void;
  /** The API's problems at paths of the definition ('goal.within', 'holdoutPercent', 'entry.all[0].tag'). */
  problems: FormProblems;
  refs: FormRefs;
  readOnly: boolean;
}

interface FieldsProps extends CampaignSettingsFormProps {
  values: SettingsValues;
  set: (patch: Partial<SettingsValues>) => void;
}

const GOALS = [{ value: 'none', label: 'No goal' }, { value: 'order', label: 'An order' }, { value: 'event', label: 'An event' }];

function GoalFields({ values, set, problems, readOnly }: FieldsProps) {
  return (
    <>
      <Select label="Goal" description="Reaching it ends the customer's journey as converted" data={GOALS} value={values.goal} allowDeselect={false} readOnly={readOnly}
        error={problemAt(problems, 'goal') ?? problemAt(problems, 'goal.type')} onChange={(v) => v && set({ goal: v as SettingsValues['goal'] })} />
      {values.goal === 'event' && (
        <TextInput label="Goal event type" description="As sent in POST /v1/events" value={values.goalEventType} readOnly={readOnly}
          error={problemAt(problems, 'goal.eventType') ?? problemAt(problems, 'goal.name')} onChange={(e) => set({ goalEventType: e.currentTarget.value })} />
      )}
      {values.goal !== 'none' && (
        <DurationInput label="Within" description="Of enrolment; at most 1 year" value={values.goalWithin} readOnly={readOnly} error={problemAt(problems, 'goal.within')}
          onChange={(goalWithin) => set({ goalWithin })} />
      )}
    </>
  );
}

function AudienceFields({ values, set, problems, readOnly }: FieldsProps) {
  return (
    <>
      <TextInput label="Holdout (%)" description="Share of enrolments kept as a control group that is never messaged: 0 to 50, at most one decimal. Empty: none." inputMode="decimal"
        value={values.holdoutPercent} readOnly={readOnly} error={problemAt(problems, 'holdoutPercent')} onChange={(e) => set({ holdoutPercent: e.currentTarget.value })} />
      <Select label="Re-entry" data={[{ value: 'never', label: 'Once per customer' }, { value: 'after', label: 'Again after a cool-down' }]} value={values.reentry} allowDeselect={false}
        readOnly={readOnly} error={problemAt(problems, 'reentry') ?? problemAt(problems, 'reentry.policy')} onChange={(v) => v && set({ reentry: v as SettingsValues['reentry'] })} />
      {values.reentry === 'after' && (
        <DurationInput label="Cool-down" description="Since the last enrolment; at most 10 years" value={values.reentryAfter} readOnly={readOnly} error={problemAt(problems, 'reentry.after')}
          onChange={(reentryAfter) => set({ reentryAfter })} />
      )}
      <Select label="Priority" description="Frequency caps defer lower priorities first" data={[...PRIORITY_OPTIONS]} value={values.priority} allowDeselect={false} readOnly={readOnly}
        error={problemAt(problems, 'priority')} onChange={(v) => v && set({ priority: v as CampaignPriority })} />
    </>
  );
}

/** The campaign-wide settings: goal, holdout, re-entry, priority and the entry condition. */
export function CampaignSettingsForm(props: CampaignSettingsFormProps) {
  const { definition, onChange, problems, refs, readOnly } = props;
  const values = settingsValues(definition);
  const set = (patch: Partial<SettingsValues>) => onChange(patchSettings(definition, patch));
  const shown = ['goal', 'holdoutPercent', 'reentry', 'priority', 'entry', 'name', 'trigger', 'steps'];
  return (
    <Stack gap="sm" data-testid="campaign-settings-form">
      <OtherProblems problems={otherProblems(problems, shown)} />
      <GoalFields {...props} values={values} set={set} />
      <AudienceFields {...props} values={values} set={set} />
      <Divider />
      <Switch label="Only customers matching an entry condition" description="Checked when a customer is enrolled" checked={values.entry} disabled={readOnly}
        error={values.entry ? undefined : problemAt(problems, 'entry')} onChange={(e) => set({ entry: e.currentTarget.checked })} />
      {values.entry ? (
        <ConditionEditor label="Entry condition" condition={values.entryCondition} onChange={(entryCondition) => set({ entryCondition })} problems={problems} prefix="entry" refs={refs} readOnly={readOnly} />
      ) : (
        <Text size="sm" c="dimmed">Everyone the trigger enrols.</Text>
      )}
    </Stack>
  );
}

import { Checkbox, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useId } from 'react';
import type { FormProblems, FormRefs, Trigger } from './definition-types';
import { namesFrom, triggerInWords } from './describe-words';
import { EventFilters } from './EventFilters';
import { DurationInput, OtherProblems } from './FormBits';
import { otherProblems, problemAt } from './form-problems';
import { optionsOf } from './form-values';
import { patchTrigger, switchTriggerType, TRIGGER_TYPE_OPTIONS, triggerValues, withOffsetWhen, type TriggerValues } from './trigger-values';

export interface TriggerFormProps {
  trigger: Trigger;
  onChange: (trigger: Trigger) => void;
  /** The API's problems at paths relative to the trigger ('eventType', 'where[0].value'). */
  problems: FormProblems;
  refs: FormRefs;
  readOnly: boolean;
}

interface FieldsProps extends TriggerFormProps {
  values: TriggerValues;
  set: (patch: Partial<TriggerValues>) => void;
}

// The fields each trigger type shows; a problem elsewhere is listed above them.
const SHOWN: Record<Trigger['type'], string[]> = {
  customer_created: [], event: ['eventType', 'name', 'where', 'maxEventAge'], date: ['field', 'offsetDays', 'localTime'],
  segment: ['segmentId'], geofence: ['geofenceId', 'on', 'duringOpeningHours'], broadcast: ['segmentId', 'at', 'recipientLocalTime'],
};

function EventFields({ values, set, problems, readOnly }: FieldsProps) {
  return (
    <>
      <TextInput label="Event type" description="As sent in POST /v1/events, e.g. cart_abandoned" required value={values.eventType} readOnly={readOnly}
        error={problemAt(problems, 'eventType') ?? problemAt(problems, 'name')} onChange={(e) => set({ eventType: e.currentTarget.value })} />
      <EventFilters where={values.where} onChange={(where) => set({ where })} problems={problems} readOnly={readOnly} />
      <DurationInput label="Ignore events older than" value={values.maxEventAge} onChange={(maxEventAge) => set({ maxEventAge })} error={problemAt(problems, 'maxEventAge')} readOnly={readOnly}
        placeholder="Platform default (1 day)" description="Events that occurred longer ago when the campaign takes them are ignored. Empty: the platform's default." />
    </>
  );
}

const OFFSETS = [{ value: 'before', label: 'Days before' }, { value: 'on', label: 'On the day' }, { value: 'after', label: 'Days after' }];

function DateFields({ values, set, problems, readOnly }: FieldsProps) {
  return (
    <>
      <Select label="Date" data={[{ value: 'birthday', label: 'Birthday' }, { value: 'attribute', label: 'A date attribute' }]} value={values.dateField} allowDeselect={false} readOnly={readOnly}
        error={values.dateField === 'birthday' ? problemAt(problems, 'field') : undefined} onChange={(v) => v && set({ dateField: v as TriggerValues['dateField'] })} />
      {values.dateField === 'attribute' && (
        <TextInput label="Attribute" description="The key of a date attribute (YYYY-MM-DD), e.g. member_since" leftSection={<Text size="xs" c="dimmed">attributes.</Text>} leftSectionWidth={72}
          value={values.dateAttribute} readOnly={readOnly} error={problemAt(problems, 'field')} onChange={(e) => set({ dateAttribute: e.currentTarget.value })} />
      )}
      <Select label="When" data={OFFSETS} value={values.offsetWhen} allowDeselect={false} readOnly={readOnly} onChange={(v) => v && set(withOffsetWhen(values, v as TriggerValues['offsetWhen']))} />
      {values.offsetWhen !== 'on' && (
        <TextInput label={values.offsetWhen === 'before' ? 'Days before the date' : 'Days after the date'} description="0 to 365" inputMode="numeric" value={values.offsetDays} readOnly={readOnly}
          error={problemAt(problems, 'offsetDays')} onChange={(e) => set({ offsetDays: e.currentTarget.value })} />
      )}
      <TextInput type="time" label="Local time" description="HH:MM in the customer's time zone" value={values.localTime} readOnly={readOnly} error={problemAt(problems, 'localTime')}
        onChange={(e) => set({ localTime: e.currentTarget.value })} />
    </>
  );
}

function SegmentSelect({ values, set, problems, readOnly, refs, label }: FieldsProps & { label: string }) {
  return (
    <Select label={label} data={optionsOf(refs.segments, values.segmentId)} value={values.segmentId || null} allowDeselect={false} readOnly={readOnly} searchable
      placeholder={refs.segments.length ? 'Choose a segment' : 'No segments yet'} nothingFoundMessage="No segment" error={problemAt(problems, 'segmentId')}
      onChange={(v) => v && set({ segmentId: v })} />
  );
}

function GeofenceFields(props: FieldsProps) {
  const { values, set, problems, readOnly, refs } = props;
  const onLabel = useId();
  return (
    <>
      <Select label="Geofence" data={optionsOf(refs.geofences, values.geofenceId)} value={values.geofenceId || null} allowDeselect={false} readOnly={readOnly} searchable
        placeholder={refs.geofences.length ? 'Choose a geofence' : 'No geofences yet'} nothingFoundMessage="No geofence" error={problemAt(problems, 'geofenceId')} onChange={(v) => v && set({ geofenceId: v })} />
      <Stack gap={4}>
        <Text size="sm" fw={500} id={onLabel}>When the customer</Text>
        <SegmentedControl aria-labelledby={onLabel} data={[{ value: 'entered', label: 'Enters it' }, { value: 'dwelled', label: 'Stays in it' }]} value={values.on} readOnly={readOnly}
          onChange={(v) => set({ on: v as TriggerValues['on'] })} />
        {problemAt(problems, 'on') && <Text size="xs" c="red">{problemAt(problems, 'on')}</Text>}
      </Stack>
      <Checkbox label="Only while its store is open" description="The geofence's store's opening hours" checked={values.duringOpeningHours} disabled={readOnly}
        error={problemAt(problems, 'duringOpeningHours')} onChange={(e) => set({ duringOpeningHours: e.currentTarget.checked })} />
    </>
  );
}

const BROADCAST_WHEN = [
  { value: 'now', label: 'As soon as it is activated' },
  { value: 'at', label: "At a time (the business's time zone)" },
  { value: 'local', label: "At a time in each recipient's time zone" },
];

function BroadcastFields(props: FieldsProps) {
  const { values, set, problems, readOnly } = props;
  const wall = values.at === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(values.at);
  return (
    <>
      <SegmentSelect {...props} label="Segment whose members get it" />
      <Select label="Send" data={BROADCAST_WHEN} value={values.broadcastWhen} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, 'recipientLocalTime')}
        onChange={(v) => v && set({ broadcastWhen: v as TriggerValues['broadcastWhen'] })} />
      {values.broadcastWhen !== 'now' && (
        <TextInput type={wall ? 'datetime-local' : 'text'} label="Date and time" value={values.at} readOnly={readOnly} error={problemAt(problems, 'at')}
          description={wall ? undefined : 'An ISO-8601 date-time with an offset, e.g. 2026-03-01T09:00:00Z'} onChange={(e) => set({ at: e.currentTarget.value })} />
      )}
    </>
  );
}

function TypeFields(props: FieldsProps) {
  switch (props.values.type) {
    case 'customer_created': return <Text size="sm" c="dimmed">Every new customer enters, whether created through the API, an import or a sign-up.</Text>;
    case 'event': return <EventFields {...props} />;
    case 'date': return <DateFields {...props} />;
    case 'segment': return <SegmentSelect {...props} label="Segment" />;
    case 'geofence': return <GeofenceFields {...props} />;
    case 'broadcast': return <BroadcastFields {...props} />;
  }
}

/** The trigger of a campaign, every type; switching type keeps what the two types share. */
export function TriggerForm(props: TriggerFormProps) {
  const { trigger, onChange, problems, refs, readOnly } = props;
  const values = triggerValues(trigger, refs);
  const set = (patch: Partial<TriggerValues>) => onChange(patchTrigger(trigger, patch, refs));
  return (
    <Stack gap="sm" data-testid="trigger-form">
      <Text size="sm" c="dimmed" data-testid="in-words">{triggerInWords(trigger, namesFrom(refs))}</Text>
      <Select label="Starts when" data={[...TRIGGER_TYPE_OPTIONS]} value={trigger.type} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, 'type')}
        onChange={(v) => v && onChange(switchTriggerType(trigger, v as Trigger['type'], refs))} />
      <OtherProblems problems={otherProblems(problems, ['type', ...SHOWN[trigger.type]])} />
      <TypeFields {...props} values={values} set={set} />
    </Stack>
  );
}

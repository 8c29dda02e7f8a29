import { Checkbox, Group, TextInput } from '@mantine/core';
import { WEEKDAYS } from '../../../components/segment-builder/conditions';
import { DurationInput } from './FormBits';
import { problemAt, problemUnder } from './form-problems';
import type { StepFieldsProps } from './step-form-props';

export function WaitFields({ values, set, problems, readOnly }: StepFieldsProps) {
  return (
    <DurationInput label="Wait for" value={values.duration} onChange={(duration) => set({ duration })} error={problemAt(problems, 'duration')} readOnly={readOnly}
      description="Positive, at most 1 year" />
  );
}

export function WaitUntilFields({ values, set, problems, readOnly }: StepFieldsProps) {
  return (
    <>
      <TextInput type="time" label="Until local time" description="HH:MM in the customer's time zone" value={values.localTime} readOnly={readOnly} error={problemAt(problems, 'localTime')}
        onChange={(e) => set({ localTime: e.currentTarget.value })} />
      <Checkbox.Group label="On these days" description="None ticked: any day" readOnly={readOnly} value={values.weekdays.map(String)} error={problemUnder(problems, 'weekdays')}
        onChange={(days) => set({ weekdays: days.map(Number).sort((a, b) => a - b) })}>
        <Group gap="xs" mt={4}>
          {WEEKDAYS.map((d) => <Checkbox key={d.value} value={d.value} label={d.label} />)}
        </Group>
      </Checkbox.Group>
    </>
  );
}

import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import type { PropertyCondition } from './definition-types';
import { problemAt } from './form-problems';
import { NEW_PROPERTY_CONDITION, PROPERTY_OPS, propertyText, propertyValue, withPropertyOp } from './property-conditions';

interface EventFiltersProps {
  where: PropertyCondition[];
  onChange: (where: PropertyCondition[]) => void;
  problems: Record<string, string>;
  readOnly: boolean;
}

const YES_NO = [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }];

function FilterRow({ index, props }: { index: number; props: EventFiltersProps }) {
  const { where, onChange, problems, readOnly } = props;
  const c = where[index];
  const path = `where[${index}]`;
  const name = `filter ${index + 1}`;
  const set = (next: PropertyCondition) => onChange(where.map((w, i) => (i === index ? next : w)));
  const listy = c.op === 'in' || c.op === 'between';
  return (
    <Paper withBorder p="xs" data-testid="event-filter">
      <Stack gap={6}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput style={{ flex: 1, minWidth: 0 }} label={`Property of ${name}`} placeholder="e.g. value" value={c.field} readOnly={readOnly} error={problemAt(problems, `${path}.field`)}
            onChange={(e) => set({ ...c, field: e.currentTarget.value })} />
          {!readOnly && <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove ${name}`} onClick={() => onChange(where.filter((_, i) => i !== index))}>✕</ActionIcon>}
        </Group>
        <Select label={`Comparison of ${name}`} data={[...PROPERTY_OPS]} value={c.op} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, `${path}.op`)}
          onChange={(op) => op && set(withPropertyOp(c, op))} />
        {c.op === 'exists' ? (
          <Select label={`Present (${name})`} data={YES_NO} value={String(c.value === true)} allowDeselect={false} readOnly={readOnly} error={problemAt(problems, `${path}.value`)}
            onChange={(v) => v && set({ ...c, value: v === 'true' })} />
        ) : (
          <TextInput label={`Value of ${name}`} value={propertyText(c)} readOnly={readOnly} error={problemAt(problems, `${path}.value`) ?? problemAt(problems, path)}
            description={listy ? 'Separate values with commas. Numbers and true/false compare as such; "quote" text that looks like one.' : 'Numbers and true/false compare as such; "quote" text that looks like one.'}
            onChange={(e) => set({ ...c, value: propertyValue(c.op, e.currentTarget.value) })} />
        )}
      </Stack>
    </Paper>
  );
}

/** The event trigger's property filters: each { property, comparison, value }, all of which must hold. */
export function EventFilters(props: EventFiltersProps) {
  const { where, onChange, readOnly, problems } = props;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>Only events whose properties match</Text>
      {where.length === 0 && <Text size="sm" c="dimmed">No filters: every event of this type.</Text>}
      {problemAt(problems, 'where') && <Text size="sm" c="red" role="alert">{problemAt(problems, 'where')}</Text>}
      {where.map((_, i) => <FilterRow key={i} index={i} props={props} />)}
      {!readOnly && <Group><Button size="xs" variant="light" onClick={() => onChange([...where, NEW_PROPERTY_CONDITION])}>Add property filter</Button></Group>}
    </Stack>
  );
}

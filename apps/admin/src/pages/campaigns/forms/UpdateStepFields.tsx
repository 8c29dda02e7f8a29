import { ActionIcon, Button, Group, Paper, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { problemAt, problemUnder } from './form-problems';
import type { AttributeKind, AttributeRow } from './step-values';
import type { StepFieldsProps } from './step-form-props';

const KINDS: { value: AttributeKind; label: string }[] = [
  { value: 'text', label: 'Set to text' },
  { value: 'number', label: 'Set to a number' },
  { value: 'boolean', label: 'Set to yes / no' },
  { value: 'remove', label: 'Remove it' },
];
const YES_NO = [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }];

function ValueInput({ row, label, onChange, readOnly, error }: { row: AttributeRow; label: string; onChange: (text: string) => void; readOnly: boolean; error?: string }) {
  if (row.kind === 'remove') return null;
  if (row.kind === 'boolean') {
    return <Select label={label} data={YES_NO} value={row.text === 'true' ? 'true' : 'false'} allowDeselect={false} readOnly={readOnly} error={error} onChange={(v) => v && onChange(v)} />;
  }
  return <TextInput label={label} inputMode={row.kind === 'number' ? 'decimal' : 'text'} value={row.text} readOnly={readOnly} error={error} onChange={(e) => onChange(e.currentTarget.value)} />;
}

function AttributeRowEditor({ index, props }: { index: number; props: StepFieldsProps }) {
  const { values, set, problems, readOnly } = props;
  const row = values.attributes[index];
  const change = (next: AttributeRow) => set({ attributes: values.attributes.map((r, i) => (i === index ? next : r)) });
  const error = problemAt(problems, `attributes.${row.key}`);
  return (
    <Paper withBorder p="xs" data-testid="attribute-change">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" fw={500} style={{ wordBreak: 'break-word' }}>{row.key}</Text>
          {!readOnly && <ActionIcon variant="subtle" color="red" aria-label={`Drop the change of ${row.key}`} onClick={() => set({ attributes: values.attributes.filter((_, i) => i !== index) })}>✕</ActionIcon>}
        </Group>
        <Select label={`Change to ${row.key}`} data={KINDS} value={row.kind} allowDeselect={false} readOnly={readOnly} error={row.kind === 'remove' ? error : undefined}
          onChange={(v) => v && change({ ...row, kind: v as AttributeKind, text: v === 'boolean' ? 'true' : row.text })} />
        <ValueInput row={row} label={`New value of ${row.key}`} readOnly={readOnly} error={error} onChange={(text) => change({ ...row, text })} />
      </Stack>
    </Paper>
  );
}

/** Adds an attribute change by name; an attribute already changed is not added twice. */
function AddAttribute({ values, set }: StepFieldsProps) {
  const [key, setKey] = useState('');
  const taken = values.attributes.some((r) => r.key === key.trim());
  const add = () => {
    set({ attributes: [...values.attributes, { key: key.trim(), kind: 'text', text: '' }] });
    setKey('');
  };
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput style={{ flex: 1, minWidth: 0 }} label="Attribute to change" placeholder="e.g. tier" value={key} error={taken ? 'Already changed above' : undefined}
        onChange={(e) => setKey(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === 'Enter' && key.trim() && !taken) { e.preventDefault(); add(); } }} />
      <Button variant="light" disabled={!key.trim() || taken} onClick={add}>Add</Button>
    </Group>
  );
}

/** Update the profile: tags to add and remove, attributes to set or remove. */
export function UpdateStepFields(props: StepFieldsProps) {
  const { values, set, problems, readOnly } = props;
  return (
    <>
      <TagsInput label="Tags to add" description="Enter or comma after each tag" value={values.tagsAdd} readOnly={readOnly} splitChars={[',']} error={problemUnder(problems, 'tags.add')}
        onChange={(tagsAdd) => set({ tagsAdd })} />
      <TagsInput label="Tags to remove" description="A tag cannot be both added and removed" value={values.tagsRemove} readOnly={readOnly} splitChars={[',']} error={problemUnder(problems, 'tags.remove')}
        onChange={(tagsRemove) => set({ tagsRemove })} />
      {problemAt(problems, 'tags') && <Text size="sm" c="red" role="alert">{problemAt(problems, 'tags')}</Text>}
      <Text size="sm" fw={600}>Attributes</Text>
      {values.attributes.length === 0 && <Text size="sm" c="dimmed">No attribute changes.</Text>}
      {problemAt(problems, 'attributes') && <Text size="sm" c="red" role="alert">{problemAt(problems, 'attributes')}</Text>}
      {values.attributes.map((row, i) => <AttributeRowEditor key={row.key} index={i} props={props} />)}
      {!readOnly && <AddAttribute {...props} />}
    </>
  );
}

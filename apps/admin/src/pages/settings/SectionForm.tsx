import { Alert, Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useUpdateSettings, type BusinessSettings } from '../../api/hooks/settings';
import { formValuesOf, isEmptyPatch, SECTIONS, sectionPatch, sectionProblems, type FieldSpec, type FormValues, type SectionId } from './settings-form';
import { FIELD_TEXT } from './settings-labels';

interface FieldProps {
  spec: FieldSpec;
  values: FormValues;
  problems: Record<string, string>;
  readOnly: boolean;
  set: (key: string, value: string | boolean) => void;
}

function WindowField({ spec, values, problems, readOnly, set }: FieldProps) {
  const { label, description } = FIELD_TEXT[spec.path];
  const on = values[`${spec.path}.on`] === true;
  const time = (part: 'start' | 'end', text: string) => (
    <TextInput type="time" label={`${label}: ${text}`} value={String(values[`${spec.path}.${part}`])} disabled={!on} readOnly={readOnly}
      onChange={(e) => set(`${spec.path}.${part}`, e.currentTarget.value)} error={problems[`${spec.path}.${part}`]} />
  );
  return (
    <Stack gap="xs">
      <Switch label={`${label}: only between set hours`} description={description} checked={on} disabled={readOnly}
        onChange={(e) => set(`${spec.path}.on`, e.currentTarget.checked)} error={problems[`${spec.path}.on`]} />
      <SimpleGrid cols={2}>{time('start', 'from')}{time('end', 'until')}</SimpleGrid>
    </Stack>
  );
}

function Field(props: FieldProps) {
  const { spec, values, problems, readOnly, set } = props;
  if (spec.kind === 'window') return <WindowField {...props} />;
  const { label, description } = FIELD_TEXT[spec.path];
  if (spec.kind === 'choice') {
    return (
      <NativeSelect label={label} description={description} value={String(values[spec.path])} disabled={readOnly} data={spec.choices?.map((c) => ({ ...c })) ?? []}
        onChange={(e) => set(spec.path, e.currentTarget.value)} error={problems[spec.path]} />
    );
  }
  if (spec.kind === 'flag') {
    return <Checkbox label={label} description={description} checked={values[spec.path] === true} disabled={readOnly} onChange={(e) => set(spec.path, e.currentTarget.checked)} error={problems[spec.path]} />;
  }
  return (
    <TextInput label={label} description={description} value={String(values[spec.path])} readOnly={readOnly} inputMode={spec.kind.endsWith('umber') ? 'decimal' : undefined}
      onChange={(e) => set(spec.path, e.currentTarget.value)} error={problems[spec.path]} />
  );
}

/**
 * One section of the settings, saved by a PATCH of its own fields. What was
 * typed stays when the API refuses it (its problems show at the fields);
 * after a save the form shows the settings the API answered with.
 */
export function SectionForm({ section, title, description, settings, editable, children }: {
  section: SectionId; title: string; description: string; settings: BusinessSettings; editable: boolean; children?: ReactNode;
}) {
  const update = useUpdateSettings();
  // Only what the person changed is kept here; the rest follows the stored settings (a change made elsewhere shows, and is not sent back).
  const [edited, setEdited] = useState<FormValues>({});
  const [saved, setSaved] = useState(false);
  const values = { ...formValuesOf(settings, section), ...edited };
  const problems = update.error instanceof ApiError ? sectionProblems(section, problemsByField(update.error.details)) : {};
  const patch = sectionPatch(settings, section, values);
  const set = (key: string, value: string | boolean) => { setSaved(false); setEdited((v) => ({ ...v, [key]: value })); };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The answer replaces the cached settings, which the form then shows.
    update.mutate(patch, { onSuccess: () => { setEdited({}); setSaved(true); } });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`settings-${section}`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id={`settings-${section}`}>{title}</Title>
          <Text size="sm" c="dimmed">{description}</Text>
          <SimpleGrid cols={{ base: 1, sm: SECTIONS[section].length > 1 ? 2 : 1 }}>
            {SECTIONS[section].map((spec) => <Field key={spec.path} spec={spec} values={values} problems={problems} readOnly={!editable} set={set} />)}
          </SimpleGrid>
          {children}
          {update.error && Object.keys(problems).length === 0 && <Alert color="red" role="alert">{update.error.message}</Alert>}
          {editable && (
            <Group>
              <Button type="submit" loading={update.isPending} disabled={isEmptyPatch(patch)}>Save {/^[A-Z][a-z]/.test(title) ? title[0].toLowerCase() + title.slice(1) : title}</Button>
              {saved && isEmptyPatch(patch) && <Text size="sm" role="status" c="teal.9">Saved</Text>}
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

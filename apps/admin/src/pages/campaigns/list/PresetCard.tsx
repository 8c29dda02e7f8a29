import { Alert, Badge, Button, Card, Group, List, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../../api/api-error';
import { useCreateFromPreset, type FromPresetInput, type Preset } from '../../../api/hooks/campaigns';
import { AnchorLink } from '../../../components/links';
import { useOpenCampaign } from './campaign-links';
import { needsInWords, PARAM_LABEL, paramProblems, presetBody, type ParamName } from './new-campaign';

export interface Refs {
  geofences: { id: string; name: string }[] | undefined;
  stores: { id: string; name: string }[] | undefined;
}

/** One preset: what it does, what it needs, its params as a form, and "Create". */
export function PresetCard({ preset, refs }: { preset: Preset; refs: Refs }) {
  const create = useCreateFromPreset();
  const open = useOpenCampaign();
  const [values, setValues] = useState<Partial<Record<ParamName, string>>>({});
  const refused = create.error instanceof ApiError ? paramProblems(create.error.details) : null;
  const needs = needsInWords(preset.params);
  const headingId = `preset-${preset.key}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={headingId}>{preset.name}</Title>
        <Text size="sm">{preset.description}</Text>
        <Text size="sm"><Text span fw={600}>Starts: </Text>{preset.trigger.summary}</Text>
        <List size="sm" spacing={2}>{preset.steps.map((s) => <List.Item key={s.id}>{s.summary}</List.Item>)}</List>
        {preset.goal && <Text size="xs" c="dimmed">Goal: {preset.goal}</Text>}
        {preset.createsSegment && <Text size="xs" c="dimmed">Creates the segment “{preset.createsSegment.name}”.</Text>}
        {needs.length > 0 && <Group gap={4}><Text size="sm" fw={600}>Needs:</Text>{needs.map((n) => <Badge key={n} variant="light" color="yellow">{n}</Badge>)}</Group>}
        <form onSubmit={(e) => {
          e.preventDefault();
          create.mutate(presetBody(preset.key, values) as FromPresetInput, { onSuccess: (c) => open(c.id) });
        }}>
          <Stack gap="xs">
            {preset.params.map((p) => (
              <ParamField key={p.name} presetName={preset.name} param={p} value={values[p.name] ?? ''} refs={refs}
                error={refused?.byParam[p.name]} onChange={(v) => {
                  // A refusal speaks of what was sent: editing clears it (what was typed stays).
                  if (create.error) create.reset();
                  setValues((old) => ({ ...old, [p.name]: v }));
                }} />
            ))}
            {create.error && (
              <Alert color="red" role="alert" title="Not created">
                {refused && refused.other.length > 0
                  ? <List size="sm">{refused.other.map((o) => <List.Item key={o}>{o}</List.Item>)}</List>
                  : <Text size="sm">{refused && Object.keys(refused.byParam).length > 0 ? 'See the problems at the fields above.' : create.error.message}</Text>}
              </Alert>
            )}
            <Group><Button type="submit" loading={create.isPending} aria-label={`Create ${preset.name}`}>Create</Button></Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

interface ParamFieldProps {
  presetName: string;
  param: Preset['params'][number];
  value: string;
  refs: Refs;
  error: string | undefined;
  onChange: (value: string) => void;
}

function ParamField({ presetName, param, value, refs, error, onChange }: ParamFieldProps) {
  const common = { label: `${PARAM_LABEL[param.name]} (${presetName})`, description: param.description, withAsterisk: param.required, error, 'aria-required': param.required };
  if (param.name === 'name') return <TextInput {...common} placeholder={presetName} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  const options = param.name === 'geofenceId' ? refs.geofences : refs.stores;
  if (options !== undefined && options.length === 0 && param.required) {
    return (
      <Alert color="orange" title={`${PARAM_LABEL[param.name]} needed`}>
        <Text size="sm">This preset needs a geofence and the business has none yet. <AnchorLink to="/geofences">Create a geofence</AnchorLink>, then come back.</Text>
      </Alert>
    );
  }
  return (
    <Select {...common} data={(options ?? []).map((o) => ({ value: o.id, label: o.name }))} value={value || null} onChange={(v) => onChange(v ?? '')}
      clearable={!param.required} searchable placeholder={options === undefined ? 'Loading…' : `Pick a ${PARAM_LABEL[param.name].toLowerCase()}`} />
  );
}

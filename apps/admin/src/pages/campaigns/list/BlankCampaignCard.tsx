import { Alert, Button, Card, Group, List, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../../api/api-error';
import { useCreateCampaign, type CampaignInput } from '../../../api/hooks/campaigns';
import { useOpenCampaign } from './campaign-links';
import { BLANK_TRIGGERS, blankDefinition, blankProblems, type BlankChoice, type BlankTriggerType } from './new-campaign';
import type { Refs } from './PresetCard';

/** "Start blank": a name and a trigger type (with what it needs), saved as a draft with one exit step. */
export function BlankCampaignCard({ refs, segments }: { refs: Refs; segments: { id: string; name: string }[] | undefined }) {
  const create = useCreateCampaign();
  const open = useOpenCampaign();
  const [choice, setChoice] = useState<BlankChoice>({ name: '', type: 'customer_created', eventType: '', segmentId: '', geofenceId: '' });
  const set = (patch: Partial<BlankChoice>) => {
    if (create.error) create.reset();
    setChoice((old) => ({ ...old, ...patch }));
  };
  const needs = BLANK_TRIGGERS.find((t) => t.value === choice.type)?.needs;
  const refused = create.error instanceof ApiError ? blankProblems(create.error.details) : null;
  const pick = (list: { id: string; name: string }[] | undefined) => (list ?? []).map((o) => ({ value: o.id, label: o.name }));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="preset-blank">
      <form onSubmit={(e) => {
        e.preventDefault();
        create.mutate(blankDefinition(choice) as CampaignInput, { onSuccess: (c) => open(c.id) });
      }}>
        <Stack gap="xs">
          <Title order={2} size="h4" id="preset-blank">Start blank</Title>
          <Text size="sm">An empty journey with just its trigger; add the steps in the editor.</Text>
          <TextInput label="Name (blank campaign)" withAsterisk aria-required value={choice.name} error={refused?.byField.name} onChange={(e) => set({ name: e.currentTarget.value })} />
          <Select label="Starts when" data={BLANK_TRIGGERS.map(({ value, label }) => ({ value, label }))} value={choice.type} allowDeselect={false}
            onChange={(v) => set({ type: (v ?? 'customer_created') as BlankTriggerType })} />
          {needs === 'eventType' && <TextInput label="Event type" withAsterisk aria-required placeholder="cart_abandoned" value={choice.eventType} error={refused?.byField.eventType}
            onChange={(e) => set({ eventType: e.currentTarget.value })} />}
          {needs === 'segmentId' && <Select label="Segment" withAsterisk aria-required data={pick(segments)} value={choice.segmentId || null} error={refused?.byField.segmentId}
            onChange={(v) => set({ segmentId: v ?? '' })} searchable />}
          {needs === 'geofenceId' && <Select label="Geofence (blank campaign)" withAsterisk aria-required data={pick(refs.geofences)} value={choice.geofenceId || null}
            error={refused?.byField.geofenceId} onChange={(v) => set({ geofenceId: v ?? '' })} searchable />}
          {create.error && (
            <Alert color="red" role="alert" title="Not created">
              {refused && refused.other.length > 0
                ? <List size="sm">{refused.other.map((o) => <List.Item key={o}>{o}</List.Item>)}</List>
                : <Text size="sm">{refused && Object.keys(refused.byField).length > 0 ? 'See the problems at the fields above.' : create.error.message}</Text>}
            </Alert>
          )}
          <Group><Button type="submit" variant="default" loading={create.isPending}>Create blank draft</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}

import { Alert, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { FormEvent } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useSaveGeofence } from '../../api/hooks/geofences';
import { cornersProblem, geofenceBody, type GeofenceDraft } from './geofence-form';

interface EditorProps {
  /** The geofence being changed; undefined for a new one. */
  id: string | undefined;
  draft: GeofenceDraft;
  setDraft: (change: (d: GeofenceDraft) => GeofenceDraft) => void;
  stores: { value: string; label: string }[];
  onDone: () => void;
}

function ShapeFields({ draft, set, problems }: { draft: GeofenceDraft; set: (field: keyof GeofenceDraft, value: string) => void; problems: Record<string, string> }) {
  if (draft.kind === 'polygon') {
    return (
      <Textarea label="Corners" description="One “latitude, longitude” per line, at least 3; or draw a polygon on the map" autosize minRows={3} maxRows={8}
        value={draft.corners} onChange={(e) => set('corners', e.currentTarget.value)} error={cornersProblem(draft) ?? problems.polygon} />
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
      <TextInput label="Centre latitude" inputMode="decimal" value={draft.lat} onChange={(e) => set('lat', e.currentTarget.value)} error={problems['center.lat'] ?? problems.center} />
      <TextInput label="Centre longitude" inputMode="decimal" value={draft.lng} onChange={(e) => set('lng', e.currentTarget.value)} error={problems['center.lng']} />
      <TextInput label="Radius (metres)" inputMode="numeric" value={draft.radiusMeters} onChange={(e) => set('radiusMeters', e.currentTarget.value)} error={problems.radiusMeters} />
    </SimpleGrid>
  );
}

/** The form of one geofence: name, shape (typed, or drawn and edited on the map), linked store, dwell and cooldown. */
export function GeofenceEditor({ id, draft, setDraft, stores, onDone }: EditorProps) {
  const save = useSaveGeofence(id);
  const problems = save.error instanceof ApiError ? problemsByField(save.error.details) : {};
  const set = (field: keyof GeofenceDraft, value: string | null) => setDraft((d) => ({ ...d, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(geofenceBody(draft), { onSuccess: onDone });
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-label={id ? 'Change geofence' : 'New geofence'}>
        <Stack gap="sm">
          <Title order={2} size="h4">{id ? `Change “${draft.name}”` : 'New geofence'}</Title>
          <TextInput label="Name" value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={problems.name} />
          <div>
            <Text size="sm" fw={700} id="geofence-shape">Shape</Text>
            <SegmentedControl aria-labelledby="geofence-shape" data={[{ value: 'circle', label: 'Circle' }, { value: 'polygon', label: 'Polygon' }]} value={draft.kind} onChange={(v) => set('kind', v)} />
          </div>
          <ShapeFields draft={draft} set={set} problems={problems} />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <Select label="Store" data={stores} value={draft.storeId} onChange={(v) => set('storeId', v)} clearable placeholder="None" error={problems.storeId} />
            <TextInput label="Dwell (seconds)" description="Empty: no dwell events" inputMode="numeric" value={draft.dwellSeconds} onChange={(e) => set('dwellSeconds', e.currentTarget.value)} error={problems.dwellSeconds} />
            <TextInput label="Cooldown (seconds)" description="Re-entries not announced" inputMode="numeric" value={draft.cooldownSeconds} onChange={(e) => set('cooldownSeconds', e.currentTarget.value)} error={problems.cooldownSeconds} />
          </SimpleGrid>
          {save.error && Object.keys(problems).length === 0 && <Alert color="red" role="alert">{save.error.message}</Alert>}
          <Group>
            <Button type="submit" loading={save.isPending}>{id ? 'Save changes' : 'Add geofence'}</Button>
            <Button variant="default" onClick={onDone}>Cancel</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

import { Alert, Button, Grid, Group, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useDeleteGeofence, useGeofences, type Geofence } from '../../api/hooks/geofences';
import { useStores, type Store } from '../../api/hooks/locations';
import { conditionToPolygon } from '../../components/map/geometry';
import { LazyShapeMap } from '../../components/map/LazyShapeMap';
import type { MapShape } from '../../components/map/map-types';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { GeofenceEditor } from './GeofenceEditor';
import { draftOf, draftShape, EMPTY_GEOFENCE, sizeText, withCircle, withPolygon, type GeofenceDraft } from './geofence-form';

/** What is being edited: nothing, a new geofence, or a saved one (by id). */
type Editing = { id: string | undefined; draft: GeofenceDraft } | undefined;

function savedShape(g: Geofence, locked: boolean): MapShape | undefined {
  if (g.kind === 'circle' && g.center && g.radiusMeters) return { key: g.id, label: g.name, kind: 'circle', center: g.center, radiusMeters: g.radiusMeters, locked };
  const corners = g.polygon ? conditionToPolygon({ polygon: g.polygon }) : undefined;
  return corners ? { key: g.id, label: g.name, kind: 'polygon', corners, locked } : undefined;
}

function DeleteGeofenceButton({ geofence }: { geofence: Geofence }) {
  const remove = useDeleteGeofence();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="compact-xs" color="red" variant="light" onClick={() => setOpen(true)} aria-label={`Remove ${geofence.name}`}>Remove</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Remove “${geofence.name}”?`}>
        <Stack>
          <Text size="sm">Segments and campaigns that name it stop matching it.</Text>
          {remove.error && <Alert color="red" role="alert">{remove.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>Cancel</Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(geofence.id, { onSuccess: () => setOpen(false) })}>Remove geofence</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function GeofenceTable({ items, stores, editable, onEdit }: { items: Geofence[]; stores: Store[]; editable: boolean; onEdit: (g: Geofence) => void }) {
  const storeName = (id: string | null) => (id ? (stores.find((s) => s.id === id)?.name ?? '—') : '—');
  return (
    <ScrollTable label="Geofences" minWidth={520}>
      <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Shape</Table.Th><Table.Th>Store</Table.Th><Table.Th>Dwell</Table.Th><Table.Th>Cooldown</Table.Th>
        {/* Positioned: the hidden text stays inside the scrolling table instead of widening the page. */}
        {editable && <Table.Th pos="relative"><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}</Table.Tr></Table.Thead>
      <Table.Tbody>
        {items.map((g) => (
          <Table.Tr key={g.id}>
            <Table.Td>{g.name}</Table.Td>
            <Table.Td>{sizeText(g)}</Table.Td>
            <Table.Td>{storeName(g.storeId)}</Table.Td>
            <Table.Td>{g.dwellSeconds === null ? 'off' : `${g.dwellSeconds} s`}</Table.Td>
            <Table.Td>{`${g.cooldownSeconds} s`}</Table.Td>
            {editable && <Table.Td><Group gap={4} wrap="nowrap"><Button size="compact-xs" variant="default" onClick={() => onEdit(g)} aria-label={`Change ${g.name}`}>Change</Button><DeleteGeofenceButton geofence={g} /></Group></Table.Td>}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

/** Geofences: the list, all of them on the map, and a form to draw or type a new one or change one. */
export function GeofencesPage() {
  const { role } = useSession();
  const editable = can(role, 'edit');
  const geofences = useGeofences();
  const stores = useStores();
  const [editing, setEditing] = useState<Editing>();
  const setDraft = (change: (d: GeofenceDraft) => GeofenceDraft) => setEditing((e) => ({ id: e?.id, draft: change(e?.draft ?? EMPTY_GEOFENCE) }));
  const saved = (geofences.data ?? []).filter((g) => g.id !== editing?.id).flatMap((g) => savedShape(g, true) ?? []);
  const draft = editing && draftShape(editing.draft, 'draft', editing.draft.name || 'New geofence');
  return (
    <>
      <PageHeader title="Geofences" description="Areas that announce a customer's arrival (geofence_entered), stay (dwell) and departure, from location pings." actions={editable && !editing && <Button onClick={() => setEditing({ id: undefined, draft: EMPTY_GEOFENCE })}>New geofence</Button>} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <QueryState query={geofences} isEmpty={(d) => d.length === 0} empty={<Alert color="gray">No geofences yet.{editable ? ' Draw one on the map or use “New geofence”.' : ''}</Alert>}>
            {(items) => <GeofenceTable items={items} stores={stores.data ?? []} editable={editable} onEdit={(g) => setEditing({ id: g.id, draft: draftOf(g) })} />}
          </QueryState>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="sm">
            {!stores.isPending && (
              <LazyShapeMap label="Geofence map" stores={stores.data ?? []} dots={[]} shapes={draft ? [...saved, draft] : saved} editable={editable} height={380}
                onCircleDrawn={(center, r) => setDraft((d) => withCircle(d, center, r))} onPolygonDrawn={(corners) => setDraft((d) => withPolygon(d, corners))}
                onShapeEdited={(key, shape) => key === 'draft' && setDraft((d) => (shape.kind === 'circle' ? withCircle(d, shape.center, shape.radiusMeters) : withPolygon(d, shape.corners)))} />
            )}
            {editable && editing && (
              <GeofenceEditor key={editing.id ?? 'new'} id={editing.id} draft={editing.draft} setDraft={setDraft} stores={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))} onDone={() => setEditing(undefined)} />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

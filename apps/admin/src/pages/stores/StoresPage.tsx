import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useCreateStore, useDeleteStore, useStores, type Store } from '../../api/hooks/locations';
import { ConfirmAction } from '../../components/ConfirmAction';
import { AnchorButton, AnchorLink } from '../../components/links';
import { roundClick, type LatLng } from '../../components/map/geometry';
import { LazyShapeMap } from '../../components/map/LazyShapeMap';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { addressLine, EMPTY_STORE, pointOf, storeBody, withPoint, type StoreFields } from './store-form';

type FieldsState = [StoreFields, Dispatch<SetStateAction<StoreFields>>];

function NewStoreForm({ state: [fields, setFields] }: { state: FieldsState }) {
  const create = useCreateStore();
  const problems = create.error instanceof ApiError ? problemsByField(create.error.details) : {};
  const input = (name: keyof StoreFields, label: string, field: string = name, description?: string) => (
    <TextInput label={label} description={description} value={fields[name]} onChange={(e) => { const value = e.currentTarget.value; setFields((f) => ({ ...f, [name]: value })); }} error={problems[field]} />
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(storeBody(fields), { onSuccess: () => setFields(EMPTY_STORE) });
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">Add a store</Title>
          <Text size="sm" c="dimmed">Click the map to place it, or give its latitude and longitude, or an address (placed on the map when geocoding is configured).</Text>
          {input('name', 'Name')}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('line1', 'Street address', 'address.line1')}
            {input('city', 'City', 'address.city')}
            {input('postalCode', 'Postal code', 'address.postalCode')}
            {input('country', 'Country', 'address.country')}
            {input('lat', 'Latitude', 'lat', 'e.g. 39.7817')}
            {input('lng', 'Longitude', 'lng', 'e.g. -89.6501')}
            {input('phone', 'Phone', 'phone')}
          </SimpleGrid>
          {create.error && Object.keys(problems).length === 0 && <Alert color="red" role="alert">{create.error.message}</Alert>}
          <Group><Button type="submit" loading={create.isPending}>Add store</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The stores on the map; for editors a click places the store being added (the pin), at the precision the zoom allows. */
function StoresMap({ stores, state }: { stores: Store[]; state: FieldsState | undefined }) {
  const point = state && pointOf(state[0]);
  const place = state && ((p: LatLng, zoom: number) => state[1]((f) => withPoint(f, roundClick(p, zoom))));
  return (
    <Stack gap={4}>
      <LazyShapeMap label="Map of the stores" stores={stores} dots={[]} shapes={[]} editable={false} height={360}
        pin={point && { ...point, label: state[0].name.trim() || 'New store', draggable: true }} onMapClick={place} onPinMoved={place} />
      {state && <Text size="xs" c="dimmed">A click on the map (or dragging the pin) sets the new store's latitude and longitude.</Text>}
    </Stack>
  );
}

function DeleteStoreButton({ store }: { store: Store }) {
  const remove = useDeleteStore();
  return (
    <ConfirmAction label="Remove" ariaLabel={`Remove ${store.name}`} title={`Remove "${store.name}"?`} confirmLabel="Remove store"
      consequence="Past orders keep their reference to this store; segments and campaigns that name it stop matching it."
      pending={remove.isPending} error={remove.error} onConfirm={(done) => remove.mutate(store.id, { onSuccess: done })} />
  );
}

function StoresTable({ items, editable }: { items: Store[]; editable: boolean }) {
  return (
    <ScrollTable label="Stores">
      <Table.Thead>
        <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Address</Table.Th><Table.Th>Location</Table.Th><Table.Th>Phone</Table.Th>{editable && <Table.Th pos="relative"><VisuallyHidden>Actions</VisuallyHidden></Table.Th>}</Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td><AnchorLink to="/stores/$storeId" params={{ storeId: s.id }}>{s.name}</AnchorLink></Table.Td>
            <Table.Td>{addressLine(s.address)}</Table.Td>
            <Table.Td>{s.lat !== null && s.lng !== null ? `${s.lat.toFixed(4)}, ${s.lng.toFixed(4)}` : <Text size="sm" c="dimmed">not placed</Text>}</Table.Td>
            <Table.Td>{s.phone ?? '—'}</Table.Td>
            {editable && (
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <AnchorButton size="compact-xs" variant="default" to="/stores/$storeId" params={{ storeId: s.id }} aria-label={`Edit ${s.name}`}>Edit</AnchorButton>
                  <DeleteStoreButton store={s} />
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

export function StoresPage() {
  const { role } = useSession();
  const stores = useStores();
  const editable = can(role, 'edit');
  const state = useState<StoreFields>(EMPTY_STORE);
  return (
    <>
      <PageHeader title="Stores" description="Your shops: where customers buy, what radius and nearest-store segments measure from." />
      <Stack>
        <SimpleGrid cols={{ base: 1, lg: editable ? 2 : 1 }}>
          <StoresMap stores={stores.data ?? []} state={editable ? state : undefined} />
          {editable && <NewStoreForm state={state} />}
        </SimpleGrid>
        <QueryState query={stores} isEmpty={(s) => s.length === 0} empty={<Alert color="gray">No stores yet.</Alert>}>
          {(items) => <StoresTable items={items} editable={editable} />}
        </QueryState>
      </Stack>
    </>
  );
}

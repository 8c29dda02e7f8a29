import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, problemsByField } from '../../api/api-error';
import { useStore, useStores, useUpdateStore, type Store } from '../../api/hooks/locations';
import { AnchorLink } from '../../components/links';
import { roundClick } from '../../components/map/geometry';
import { LazyShapeMap } from '../../components/map/LazyShapeMap';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { OpeningHoursEditor } from './OpeningHoursEditor';
import { hoursFormOf, hoursProblems, type HoursForm } from './opening-hours';
import { pointOf, storeFieldsOf, storePatch, withPoint, type StoreFields } from './store-form';

const TIME_ZONES = Intl.supportedValuesOf('timeZone');

interface DetailsProps {
  fields: StoreFields;
  setFields: (change: (f: StoreFields) => StoreFields) => void;
  problems: Record<string, string>;
  readOnly: boolean;
}

function DetailsFields({ fields, setFields, problems, readOnly }: DetailsProps) {
  const input = (name: keyof StoreFields, label: string, field: string = name, description?: string) => (
    <TextInput label={label} description={description} value={fields[name]} readOnly={readOnly} error={problems[field]}
      onChange={(e) => { const value = e.currentTarget.value; setFields((f) => ({ ...f, [name]: value })); }} />
  );
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">Details</Title>
        {input('name', 'Name')}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {input('line1', 'Street address', 'address.line1')}
          {input('line2', 'Address line 2', 'address.line2')}
          {input('city', 'City', 'address.city')}
          {input('region', 'Region', 'address.region')}
          {input('postalCode', 'Postal code', 'address.postalCode')}
          {input('country', 'Country', 'address.country')}
          {input('lat', 'Latitude', 'lat', 'Click or drag on the map')}
          {input('lng', 'Longitude', 'lng', 'Empty both to place it by its address')}
          {input('phone', 'Phone', 'phone')}
          <Select label="Time zone" data={TIME_ZONES} value={fields.timezone || null} searchable clearable readOnly={readOnly} placeholder="The business's time zone" error={problems.timezone}
            onChange={(value) => setFields((f) => ({ ...f, timezone: value ?? '' }))} comboboxProps={{ withinPortal: true }} />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** The store's place: the pin follows the latitude and longitude fields; a click or a drag moves it (editors only). */
function PlaceMap({ store, others, fields, setFields, readOnly }: { store: Store; others: Store[]; fields: StoreFields; setFields: DetailsProps['setFields']; readOnly: boolean }) {
  const point = pointOf(fields);
  const place = (p: { lat: number; lng: number }, zoom: number) => setFields((f) => withPoint(f, roundClick(p, zoom)));
  return (
    <Stack gap={4}>
      <LazyShapeMap label={`Map: where ${store.name} is`} stores={others} dots={[]} shapes={[]} editable={false} height={420}
        pin={point && { ...point, label: fields.name.trim() || store.name, draggable: !readOnly, fit: true }}
        onMapClick={readOnly ? undefined : place} onPinMoved={place} />
      <Text size="xs" c="dimmed">{point ? 'Other stores are shown as squares.' : 'Not placed yet: click the map, or type its latitude and longitude.'}</Text>
    </Stack>
  );
}

function StoreEditor({ store }: { store: Store }) {
  const { role } = useSession();
  const readOnly = !can(role, 'edit');
  const stores = useStores();
  const update = useUpdateStore(store.id);
  const [fields, setFieldsState] = useState<StoreFields>(() => storeFieldsOf(store));
  const [hours, setHours] = useState<HoursForm>(() => hoursFormOf(store.openingHours));
  const details = update.error instanceof ApiError ? update.error.details : [];
  const problems = problemsByField(details);
  const others = useMemo(() => (stores.data ?? []).filter((s) => s.id !== store.id), [stores.data, store.id]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // What was typed stays in the form when the API refuses it; a save shows what the API stored (a phone in E.164).
    update.mutate(storePatch(fields, hours), {
      onSuccess: (saved) => {
        setFieldsState(storeFieldsOf(saved));
        setHours(hoursFormOf(saved.openingHours));
        notifications.show({ message: `Saved “${saved.name}”`, color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' } });
      },
    });
  };
  const otherError = update.error && details.length === 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <DetailsFields fields={fields} setFields={setFieldsState} problems={problems} readOnly={readOnly} />
          <PlaceMap store={store} others={others} fields={fields} setFields={setFieldsState} readOnly={readOnly} />
        </SimpleGrid>
        <OpeningHoursEditor form={hours} onChange={setHours} problems={hoursProblems(details)} readOnly={readOnly} />
        {otherError && <Alert color="red" role="alert">{update.error!.message}</Alert>}
        {details.length > 0 && <Alert color="red" role="alert">Not saved: {details.length === 1 ? 'one field needs' : `${details.length} fields need`} a change (shown at each).</Alert>}
        {!readOnly && <Group><Button type="submit" loading={update.isPending}>Save store</Button></Group>}
      </Stack>
    </form>
  );
}

export function StorePage() {
  const { storeId } = useParams({ from: '/app/stores/$storeId' });
  const store = useStore(storeId);
  return (
    <QueryState query={store}>
      {(s) => (
        <>
          <PageHeader title={s.name} description="Its place, details and opening hours." actions={<AnchorLink to="/stores">All stores</AnchorLink>} />
          <StoreEditor key={s.id} store={s} />
        </>
      )}
    </QueryState>
  );
}

import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useSegmentMemberships, type Customer, type CustomerDetail } from '../../api/hooks/customers';
import { useStores } from '../../api/hooks/locations';
import { formatDistance } from '../../components/formatting';
import { LazyShapeMap } from '../../components/map/LazyShapeMap';
import { QueryState } from '../../components/QueryState';
import { Field } from './ContactCard';

function Segments({ customer }: { customer: Customer }) {
  const memberships = useSegmentMemberships(customer);
  return (
    <QueryState query={memberships}>
      {({ segments, truncated }) => (
        <Stack gap={4}>
          <Group gap={4} data-testid="segment-memberships">
            {segments.length === 0 ? <Text size="sm" c="dimmed">In no segment.</Text> : segments.map((s) => <Badge key={s.id} variant="outline" tt="none">{s.name}</Badge>)}
          </Group>
          <Text size="xs" c="dimmed">As of each segment's last refresh{truncated ? ' (the first 500 segments only)' : ''}.</Text>
        </Stack>
      )}
    </QueryState>
  );
}

/** The customer (a pin) among the stores, the nearest one highlighted as the API measured it. */
function LocationMap({ customer, lat, lng }: { customer: CustomerDetail; lat: number; lng: number }) {
  const stores = useStores();
  const nearest = customer.nearestStore;
  // Drawn once the stores are known, so the first view holds them and the customer.
  if (!stores.data) return null;
  return (
    <LazyShapeMap label="Map: the customer and the stores" stores={stores.data} dots={[]} shapes={[]} editable={false} height={240}
      pin={{ lat, lng, label: 'Customer', fit: true }} highlight={nearest ? { storeId: nearest.id, label: `${nearest.name} (nearest)` } : undefined} />
  );
}

function Location({ customer }: { customer: CustomerDetail }) {
  if (customer.lat === null || customer.lng === null) return <Text size="sm" c="dimmed">Not located.</Text>;
  const nearest = customer.nearestStore;
  return (
    <Stack gap="xs">
      <Field label="Position">{customer.lat.toFixed(5)}, {customer.lng.toFixed(5)}</Field>
      <Field label="Nearest store">{nearest ? `${nearest.name}, ${formatDistance(nearest.distanceMeters)} away` : 'no store is placed'}</Field>
      <LocationMap customer={customer} lat={customer.lat} lng={customer.lng} />
    </Stack>
  );
}

export function SegmentsLocationCard({ customer }: { customer: CustomerDetail }) {
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">Segments</Title>
      <Segments customer={customer} />
      <Title order={2} size="h5" mt="md" mb="xs">Location</Title>
      <Location customer={customer} />
    </Card>
  );
}

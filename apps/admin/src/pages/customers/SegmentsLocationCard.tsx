import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useSegmentMemberships, type Customer } from '../../api/hooks/customers';
import { useStores } from '../../api/hooks/locations';
import { QueryState } from '../../components/QueryState';
import { Field } from './ContactCard';
import { distanceText, nearestStore } from './nearest-store';

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

function Location({ customer }: { customer: Customer }) {
  const stores = useStores();
  if (customer.lat === null || customer.lng === null) return <Text size="sm" c="dimmed">Not located.</Text>;
  const nearest = stores.data ? nearestStore(customer.lat, customer.lng, stores.data) : null;
  return (
    <Stack gap="xs">
      <Field label="Position">
        {customer.lat.toFixed(5)}, {customer.lng.toFixed(5)}
      </Field>
      <Field label="Nearest store">
        {stores.isPending ? '…' : nearest ? `${nearest.store.name} (${distanceText(nearest.meters)} as the crow flies)` : 'no store is placed'}
      </Field>
    </Stack>
  );
}

export function SegmentsLocationCard({ customer }: { customer: Customer }) {
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">Segments</Title>
      <Segments customer={customer} />
      <Title order={2} size="h5" mt="md" mb="xs">Location</Title>
      <Location customer={customer} />
    </Card>
  );
}

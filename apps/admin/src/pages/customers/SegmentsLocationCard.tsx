import { Badge, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useSegmentChanges, type Customer } from '../../api/hooks/customers';
import { useStores } from '../../api/hooks/locations';
import { formatDateTime } from '../../components/formatting';
import { QueryState } from '../../components/QueryState';
import { Field } from './ContactCard';
import { distanceText, nearestStore } from './nearest-store';
import { currentMemberships } from './segment-memberships';

function Segments({ id }: { id: string }) {
  const changes = useSegmentChanges(id);
  return (
    <QueryState query={changes}>
      {({ items, truncated }) => {
        const memberships = currentMemberships(items);
        return (
          <Stack gap={4}>
            <Group gap={4} data-testid="segment-memberships">
              {memberships.length === 0 ? <Text size="sm" c="dimmed">In no segment.</Text> : memberships.map((m) => (
                <Tooltip key={m.segmentId} label={`since ${formatDateTime(m.since)}`}><Badge variant="outline" tabIndex={0}>{m.name}</Badge></Tooltip>
              ))}
            </Group>
            <Text size="xs" c="dimmed">From the segment entries and exits on the timeline{truncated ? ' (the latest 2,500 only)' : ''}.</Text>
          </Stack>
        );
      }}
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
      <Segments id={customer.id} />
      <Title order={2} size="h5" mt="md" mb="xs">Location</Title>
      <Location customer={customer} />
    </Card>
  );
}

import type { ReactElement, ReactNode } from 'react';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useCustomer, useCustomerTimeline, type Customer } from '../../api/hooks/customers';
import { formatDateTime } from '../../components/formatting';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { addressLine } from '../stores/store-form';
import { displayName } from './customer-list';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">{label}</Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function Profile({ customer }: { customer: Customer }) {
  const consent = customer.consent as Record<string, { status: string; at: string; source: string } | undefined>;
  const attributes = Object.entries(customer.attributes);
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">Contact</Title>
        <Stack gap="xs">
          <Field label="Email">{customer.email ?? '—'}</Field>
          <Field label="Phone">{customer.phone ?? '—'}</Field>
          <Field label="Birthday">{customer.birthday ?? '—'}</Field>
          <Field label="Address">{addressLine(customer.address)}</Field>
          <Field label="Time zone">{customer.timezone ?? 'the business\'s'}</Field>
          <Field label="External id">{customer.externalId ?? '—'}</Field>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">Consent</Title>
        <Stack gap="xs">
          {(['email', 'sms', 'location'] as const).map((ch) => {
            const c = consent[ch];
            return (
              <Field key={ch} label={ch === 'sms' ? 'SMS' : ch[0].toUpperCase() + ch.slice(1)}>
                {c ? <><Badge size="sm" variant="light" color={c.status === 'granted' ? 'teal' : 'red'}>{c.status}</Badge> {formatDateTime(c.at)} · {c.source}</> : 'never asked'}
              </Field>
            );
          })}
        </Stack>
        <Title order={2} size="h5" mt="md" mb="xs">Tags</Title>
        <Group gap={4}>{customer.tags.length === 0 ? <Text size="sm" c="dimmed">none</Text> : customer.tags.map((t) => <Badge key={t} variant="light">{t}</Badge>)}</Group>
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">Attributes</Title>
        {attributes.length === 0 ? <Text size="sm" c="dimmed">none</Text> : (
          <Table>
            <Table.Tbody>
              {attributes.map(([k, v]) => <Table.Tr key={k}><Table.Th scope="row">{k}</Table.Th><Table.Td>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</Table.Td></Table.Tr>)}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </SimpleGrid>
  );
}

function CustomerTimeline({ id }: { id: string }) {
  const timeline = useCustomerTimeline(id);
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="sm">Timeline</Title>
      <QueryState query={timeline} isEmpty={(d) => d.pages[0].items.length === 0} empty={<Text size="sm" c="dimmed">Nothing has happened yet.</Text>}>
        {(data) => (
          <Stack>
            <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
              {data.pages.flatMap((p) => p.items).map((item) => (
                <Timeline.Item key={`${item.kind}-${item.id}`} title={<Group gap="xs"><Badge size="xs" variant="light">{item.kind}</Badge><Text size="sm">{item.summary}</Text></Group>}>
                  <Text size="xs" c="dimmed">{formatDateTime(item.at)}</Text>
                </Timeline.Item>
              ))}
            </Timeline>
            {timeline.hasNextPage && <Group><Button variant="default" size="xs" loading={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()}>Show older</Button></Group>}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}

export function CustomerPage(): ReactElement {
  const { customerId } = useParams({ from: '/app/customers/$customerId' });
  const customer = useCustomer(customerId);
  return (
    <QueryState query={customer}>
      {(c) => (
        <>
          <PageHeader title={displayName(c)} description={`Customer since ${formatDateTime(c.createdAt)}`} actions={<AnchorLink to="/customers">All customers</AnchorLink>} />
          <Stack>
            <Profile customer={c} />
            <CustomerTimeline id={c.id} />
          </Stack>
        </>
      )}
    </QueryState>
  );
}

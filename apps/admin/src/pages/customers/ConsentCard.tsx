import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/api-error';
import { useConsentHistory, useUpdateCustomer, type Customer } from '../../api/hooks/customers';
import { formatDateTime } from '../../components/formatting';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { CHANNEL_LABELS, CHANNELS, consentPatch, CONSENT_SOURCES, type Channel, type ConsentSource } from './customer-form';

type ConsentState = { status: string; at: string; source: string };
const STATUSES = [{ value: 'granted', label: 'Granted' }, { value: 'denied', label: 'Denied' }];

function StatusBadge({ status }: { status: string }) {
  return <Badge size="sm" variant="light" color={status === 'granted' ? 'teal' : 'red'} style={{ minWidth: 'max-content' }}>{status}</Badge>;
}

/** The API's refusal at the channel it names: a withdrawal only the customer can undo says so plainly. */
function ChannelError({ error, channel }: { error: Error; channel: Channel }) {
  const at = error instanceof ApiError ? error.problemAt(`consent.${channel}`) : undefined;
  if (error instanceof ApiError && error.code === 'CONSENT_WITHDRAWN') {
    return (
      <Alert color="red" role="alert" title="Not saved">
        {CHANNEL_LABELS[channel]} consent {at ?? error.message}. Once they ask for it again, record it with the source “The customer's own opt-in (form)”.
      </Alert>
    );
  }
  return <Alert color="red" role="alert">{at ?? error.message}</Alert>;
}

function ConsentForm({ customer, channel, current, onDone }: { customer: Customer; channel: Channel; current: ConsentState | undefined; onDone: () => void }) {
  const update = useUpdateCustomer(customer.id);
  const [status, setStatus] = useState<'granted' | 'denied'>(current?.status === 'granted' ? 'denied' : 'granted');
  const [source, setSource] = useState<ConsentSource>('api');
  const label = CHANNEL_LABELS[channel];
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select size="xs" w={120} label={`${label} consent`} data={STATUSES} value={status} allowDeselect={false} onChange={(v) => setStatus((v ?? 'granted') as 'granted' | 'denied')} />
        <Select size="xs" w={230} label={`${label} consent source`} data={CONSENT_SOURCES.map((s) => ({ ...s }))} value={source} allowDeselect={false} onChange={(v) => setSource((v ?? 'api') as ConsentSource)} />
      </Group>
      <Group gap="xs">
        <Button size="xs" loading={update.isPending} onClick={() => update.mutate(consentPatch(channel, status, source), { onSuccess: onDone })}>Save {channel === 'sms' ? 'SMS' : channel} consent</Button>
        <Button size="xs" variant="default" onClick={onDone}>Cancel</Button>
      </Group>
      {update.error && <ChannelError error={update.error} channel={channel} />}
    </Stack>
  );
}

function ChannelConsent({ customer, channel, editable }: { customer: Customer; channel: Channel; editable: boolean }) {
  const current = (customer.consent as Record<string, ConsentState | undefined>)[channel];
  const [editing, setEditing] = useState(false);
  const label = CHANNEL_LABELS[channel];
  return (
    <Stack gap={6} data-testid={`consent-${channel}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <div>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">{label}</Text>
          <Text size="sm" component="div">
            {current ? <><StatusBadge status={current.status} /> {formatDateTime(current.at)} · {current.source}</> : 'never asked'}
          </Text>
        </div>
        {editable && !editing && <Button size="compact-xs" variant="light" style={{ flexShrink: 0 }} onClick={() => setEditing(true)} aria-label={`Change ${channel === 'sms' ? 'SMS' : channel} consent`}>Change</Button>}
      </Group>
      {editing && <ConsentForm customer={customer} channel={channel} current={current} onDone={() => setEditing(false)} />}
    </Stack>
  );
}

function ConsentHistory({ id }: { id: string }) {
  const history = useConsentHistory(id);
  return (
    <QueryState query={history} isEmpty={(d) => d.pages[0].items.length === 0} empty={<Text size="sm" c="dimmed">No consent recorded yet.</Text>}>
      {(data) => (
        <Stack gap="xs">
          <ScrollTable label="Consent history" minWidth={420}>
            <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Channel</Table.Th><Table.Th>Status</Table.Th><Table.Th>Source</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {data.pages.flatMap((p) => p.items).map((c) => (
                <Table.Tr key={c.id}><Table.Td>{formatDateTime(c.at)}</Table.Td><Table.Td>{CHANNEL_LABELS[c.channel]}</Table.Td><Table.Td><StatusBadge status={c.status} /></Table.Td><Table.Td>{c.source ?? '—'}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </ScrollTable>
          {history.hasNextPage && <Group><Button variant="default" size="xs" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>Show older changes</Button></Group>}
        </Stack>
      )}
    </QueryState>
  );
}

export function ConsentCard({ customer, editable }: { customer: Customer; editable: boolean }) {
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">Consent</Title>
      <Stack gap="md">
        {CHANNELS.map((ch) => <ChannelConsent key={ch} customer={customer} channel={ch} editable={editable} />)}
      </Stack>
    </Card>
  );
}

export function ConsentHistoryCard({ id }: { id: string }) {
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="xs">Consent history</Title>
      <ConsentHistory id={id} />
    </Card>
  );
}

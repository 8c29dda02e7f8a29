import { Alert, Badge, Button, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type ReactElement } from 'react';
import { useCustomerSearch, useCustomersCsv } from '../../api/hooks/customers';
import { saveBlob } from '../../components/download';
import { formatDateTime } from '../../components/formatting';
import { AnchorButton, AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { customerQuery, DEFAULT_FILTERS, displayName, totalText, type CustomerFilters, type CustomerQuery } from './customer-list';

const CONSENT = [{ value: '', label: 'Any' }, { value: 'granted', label: 'Granted' }, { value: 'denied', label: 'Denied' }, { value: 'unknown', label: 'Never asked' }];
const SORTS = [
  { value: 'createdAt:desc', label: 'Newest first' }, { value: 'createdAt:asc', label: 'Oldest first' }, { value: 'updatedAt:desc', label: 'Recently changed' },
  { value: 'lastName:asc', label: 'Last name A–Z' }, { value: 'firstName:asc', label: 'First name A–Z' }, { value: 'email:asc', label: 'Email A–Z' },
];

function Filters({ filters, onChange }: { filters: CustomerFilters; onChange: (f: CustomerFilters) => void }) {
  const set = <K extends keyof CustomerFilters>(key: K, value: CustomerFilters[K]) => onChange({ ...filters, [key]: value });
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
      <TextInput label="Search" placeholder="Name, email or phone" value={filters.q} onChange={(e) => set('q', e.currentTarget.value)} type="search" />
      <TextInput label="Tag" placeholder="e.g. vip" value={filters.tag} onChange={(e) => set('tag', e.currentTarget.value)} />
      <Select label="Email consent" data={CONSENT} value={filters.consentEmail} onChange={(v) => set('consentEmail', (v ?? '') as CustomerFilters['consentEmail'])} allowDeselect={false} />
      <Select label="SMS consent" data={CONSENT} value={filters.consentSms} onChange={(v) => set('consentSms', (v ?? '') as CustomerFilters['consentSms'])} allowDeselect={false} />
      <Select label="Order" data={SORTS} value={`${filters.sort}:${filters.order}`} allowDeselect={false}
        onChange={(v) => { const [sort, order] = (v ?? 'createdAt:desc').split(':'); onChange({ ...filters, sort: sort as CustomerFilters['sort'], order: order as CustomerFilters['order'] }); }} />
    </SimpleGrid>
  );
}

/** The list as the filters have it, as a CSV download (the API streams every match). */
function ExportCsvButton({ query }: { query: CustomerQuery }) {
  const csv = useCustomersCsv();
  return (
    <>
      <Button variant="default" loading={csv.isPending} onClick={() => csv.mutate(query, { onSuccess: (blob) => saveBlob(blob, 'customers.csv') })}>Export CSV</Button>
      {csv.error && <Text size="sm" c="red.8" role="alert">{csv.error.message}</Text>}
    </>
  );
}

export function CustomersPage(): ReactElement {
  const { role } = useSession();
  const [filters, setFilters] = useState<CustomerFilters>(DEFAULT_FILTERS);
  // Typing waits 250 ms of quiet before asking; answers to older text are dropped by the query key.
  const [settled] = useDebouncedValue(filters, 250);
  const search = useCustomerSearch(customerQuery(settled));
  return (
    <>
      <PageHeader title="Customers" description="Everyone you can reach: search as you type, filter by tag and consent."
        actions={<>{can(role, 'edit') && <AnchorButton to="/customers/import">Import CSV</AnchorButton>}<ExportCsvButton query={customerQuery(settled)} /></>} />
      <Stack>
        <Filters filters={filters} onChange={setFilters} />
        <QueryState query={search} isEmpty={(d) => d.pages[0].items.length === 0} empty={<Alert color="gray">No customer matches these filters.</Alert>}>
          {(data) => {
            const first = data.pages[0];
            const rows = data.pages.flatMap((p) => p.items);
            return (
              <Stack gap="xs" aria-busy={search.isFetching}>
                <Text size="sm" c="dimmed" data-testid="customer-total" aria-live="polite">{totalText(first.total, first.totalIsEstimate)}</Text>
                <ScrollTable label="Customers" minWidth={720}>
                  <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Phone</Table.Th><Table.Th>Tags</Table.Th><Table.Th>Added</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {rows.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td><AnchorLink to="/customers/$customerId" params={{ customerId: c.id }}>{displayName(c)}</AnchorLink></Table.Td>
                        <Table.Td>{c.email ?? '—'}</Table.Td>
                        <Table.Td>{c.phone ?? '—'}</Table.Td>
                        <Table.Td><Group gap={4}>{c.tags.map((t) => <Badge key={t} size="sm" variant="light" style={{ minWidth: 'max-content' }}>{t}</Badge>)}</Group></Table.Td>
                        <Table.Td>{formatDateTime(c.createdAt)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </ScrollTable>
                {search.hasNextPage && (
                  <Group><Button variant="default" loading={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>Show more</Button></Group>
                )}
              </Stack>
            );
          }}
        </QueryState>
      </Stack>
    </>
  );
}

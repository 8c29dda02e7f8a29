import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDownloadMembersCsv, useRefreshSegment, useSegmentMembers, type Segment } from '../../api/hooks/segments';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { AnchorLink } from '../../components/links';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { displayName } from '../customers/customer-list';
import { memberCountText, refreshState } from './segment-list';

/** The saved segment's members at its last refresh, and all of them as CSV. */
export function MembersTable({ segment }: { segment: Segment }) {
  const state = refreshState(segment);
  const refreshed = segment.refreshedAt !== null && !segment.refreshPending;
  const members = useSegmentMembers(segment.id, segment.refreshedAt);
  const csv = useDownloadMembersCsv();
  const refresh = useRefreshSegment();
  const { role } = useSession();
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={2} size="h4">Members</Title>
            <Text size="sm" data-testid="saved-member-count">{memberCountText(segment.memberCount)}</Text>
            <Badge color={state.color} variant="light">{state.label}</Badge>
          </Group>
          <Group gap="xs">
            {can(role, 'edit') && <Button variant="default" size="xs" loading={refresh.isPending} onClick={() => refresh.mutate(segment.id)}>Refresh now</Button>}
            <Button variant="default" size="xs" loading={csv.isPending} onClick={() => csv.mutate(segment.id)}>Download CSV</Button>
          </Group>
        </Group>
        <Text size="xs" c="dimmed">{state.detail}</Text>
        {csv.error && <Alert color="red" role="alert">{csv.error.message}</Alert>}
        {refresh.error && <Alert color="red" role="alert">{refresh.error.message}</Alert>}
        <QueryState query={members} isEmpty={(d) => d.pages[0].items.length === 0} empty={<Text size="sm" c="dimmed">{refreshed ? 'No members.' : 'Counting members…'}</Text>}>
          {(data) => (
            <Stack gap="xs">
              <ScrollTable label="Members" minWidth={560}>
                <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Email</Table.Th><Table.Th>Phone</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {data.pages.flatMap((p) => p.items).map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td><AnchorLink to="/customers/$customerId" params={{ customerId: c.id }}>{displayName(c)}</AnchorLink></Table.Td>
                      <Table.Td>{c.email ?? '—'}</Table.Td>
                      <Table.Td>{c.phone ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </ScrollTable>
              {members.hasNextPage && <Group><Button variant="default" loading={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>Show more</Button></Group>}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}

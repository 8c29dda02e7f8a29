import { Alert, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useSegments } from '../../api/hooks/segments';
import { formatDateTime } from '../../components/formatting';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { memberCountText, refreshState } from './segment-list';

export function SegmentsPage() {
  const { role } = useSession();
  const segments = useSegments();
  const action = can(role, 'edit') ? <Button component={Link} to="/segments/new">New segment</Button> : undefined;
  return (
    <>
      <PageHeader title="Segments" description="Groups of customers by who they are, what they did and where they are; kept up to date within seconds." actions={action} />
      <QueryState query={segments} isEmpty={(d) => d.pages[0].items.length === 0} empty={<Alert color="gray">No segments yet.{action ? ' Make one with “New segment”.' : ''}</Alert>}>
        {(data) => (
          <Stack gap="xs">
            <ScrollTable label="Segments" minWidth={640}>
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Members</Table.Th><Table.Th>Membership</Table.Th><Table.Th>Changed</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {data.pages.flatMap((p) => p.items).map((s) => {
                  const state = refreshState(s);
                  return (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <AnchorLink to="/segments/$segmentId" params={{ segmentId: s.id }}>{s.name}</AnchorLink>
                        {s.description && <Text size="xs" c="dimmed">{s.description}</Text>}
                      </Table.Td>
                      <Table.Td data-testid="member-count">{memberCountText(s.memberCount)}</Table.Td>
                      <Table.Td><Badge color={state.color} variant="light" title={state.detail}>{state.label}</Badge></Table.Td>
                      <Table.Td>{formatDateTime(s.updatedAt)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </ScrollTable>
            {segments.hasNextPage && <Group><Button variant="default" loading={segments.isFetchingNextPage} onClick={() => void segments.fetchNextPage()}>Show more</Button></Group>}
          </Stack>
        )}
      </QueryState>
    </>
  );
}

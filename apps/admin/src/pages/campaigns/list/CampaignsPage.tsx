import { Alert, Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useCampaigns, type CampaignListItem, type CampaignStatus } from '../../../api/hooks/campaigns';
import { AnchorButton } from '../../../components/links';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { ScrollTable } from '../../../components/ScrollTable';
import { can } from '../../../session/permissions';
import { useSession } from '../../../session/session-context';
import { CampaignLifecycleActions } from '../lifecycle/CampaignLifecycleActions';
import { CampaignLink } from './campaign-links';
import { statsCells, statusBadge, STATUS_FILTERS } from './campaign-list';
import { CloneButton, DeleteButton } from './RowActions';

export function CampaignsPage() {
  const { role } = useSession();
  const [status, setStatus] = useState<CampaignStatus | 'all'>('all');
  const campaigns = useCampaigns(status === 'all' ? undefined : status);
  const editor = can(role, 'edit');
  const action = editor ? <AnchorButton to="/campaigns/new">New campaign</AnchorButton> : undefined;
  return (
    <>
      <PageHeader title="Campaigns" description="Journeys that message customers when something happens, with what each has brought in." actions={action} />
      <Group mb="sm">
        <Select label="Status" data={STATUS_FILTERS} value={status} onChange={(v) => setStatus((v ?? 'all') as CampaignStatus | 'all')} allowDeselect={false} w={180} />
      </Group>
      <QueryState query={campaigns} isEmpty={(d) => d.pages[0].items.length === 0}
        empty={<Alert color="gray">{status === 'all' ? `No campaigns yet.${editor ? ' Start one from a preset with “New campaign”.' : ''}` : 'No campaigns with this status.'}</Alert>}>
        {(data) => (
          <Stack gap="xs">
            <ScrollTable label="Campaigns" minWidth={editor ? 940 : 760}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Campaign</Table.Th><Table.Th>Status</Table.Th><Table.Th ta="right">Enrolled</Table.Th><Table.Th ta="right">Sent</Table.Th>
                  <Table.Th ta="right">Revenue</Table.Th><Table.Th ta="right">ROI</Table.Th>{editor && <Table.Th>Actions</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{data.pages.flatMap((p) => p.items).map((c) => <CampaignRow key={c.id} campaign={c} editor={editor} />)}</Table.Tbody>
            </ScrollTable>
            {campaigns.hasNextPage && <Group><Button variant="default" loading={campaigns.isFetchingNextPage} onClick={() => void campaigns.fetchNextPage()}>Show more</Button></Group>}
          </Stack>
        )}
      </QueryState>
    </>
  );
}

function CampaignRow({ campaign: c, editor }: { campaign: CampaignListItem; editor: boolean }) {
  const badge = statusBadge(c.status);
  const cells = statsCells(c.stats);
  return (
    <Table.Tr data-testid={`campaign-row-${c.id}`}>
      <Table.Td maw={320}>
        <CampaignLink id={c.id}>{c.name}</CampaignLink>
        <Text size="xs" c="dimmed">{c.trigger.summary}</Text>
      </Table.Td>
      <Table.Td><Badge color={badge.color} variant="light" style={{ flexShrink: 0, minWidth: 'max-content' }}>{badge.label}</Badge></Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="enrolled">{cells.enrolled}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="sent">{cells.sent}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="revenue">{cells.revenue}</Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="roi">{cells.roi}</Table.Td>
      {editor && (
        <Table.Td miw={200}>
          <Group gap={6}>
            <CampaignLifecycleActions campaign={c} />
            <CloneButton campaign={c} />
            <DeleteButton campaign={c} />
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

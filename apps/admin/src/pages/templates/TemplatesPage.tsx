import { Alert, Badge, Button, Group, SegmentedControl, Stack, Table } from '@mantine/core';
import { useState } from 'react';
import { useTemplates } from '../../api/hooks/templates';
import { formatDateTime } from '../../components/formatting';
import { AnchorButton, AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import type { Channel } from './template-draft';

const CHANNEL_LABEL: Record<Channel, string> = { email: 'Email', sms: 'SMS' };

export function TemplatesPage() {
  const { role } = useSession();
  const [channel, setChannel] = useState<Channel | 'all'>('all');
  const templates = useTemplates(channel === 'all' ? undefined : channel);
  const actions = (
    <>
      {can(role, 'edit') && <AnchorButton to="/templates/new" search={{ channel: 'email' }}>New email</AnchorButton>}
      {can(role, 'edit') && <AnchorButton to="/templates/new" search={{ channel: 'sms' }} variant="light">New SMS</AnchorButton>}
      <AnchorButton to="/templates/shared" variant="default">Layout and partials</AnchorButton>
    </>
  );
  return (
    <>
      <PageHeader title="Templates" description="The emails and text messages campaigns send, with a live preview." actions={actions} />
      <SegmentedControl mb="sm" aria-label="Channel" value={channel} onChange={(v) => setChannel(v as Channel | 'all')} data={[{ value: 'all', label: 'All' }, { value: 'email', label: 'Email' }, { value: 'sms', label: 'SMS' }]} />
      <QueryState query={templates} isEmpty={(d) => d.pages[0].items.length === 0} empty={<Alert color="gray">No templates{channel === 'all' ? '' : ` for ${CHANNEL_LABEL[channel]}`} yet.</Alert>}>
        {(data) => (
          <Stack gap="xs">
            <ScrollTable label="Templates" minWidth={520}>
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Channel</Table.Th><Table.Th>Updated</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {data.pages.flatMap((p) => p.items).map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td><AnchorLink to="/templates/$templateId" params={{ templateId: t.id }}>{t.name}</AnchorLink></Table.Td>
                    <Table.Td><Badge variant="light" color={t.channel === 'sms' ? 'teal' : 'blue'}>{CHANNEL_LABEL[t.channel]}</Badge></Table.Td>
                    <Table.Td>{formatDateTime(t.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </ScrollTable>
            {templates.hasNextPage && <Group><Button variant="default" loading={templates.isFetchingNextPage} onClick={() => void templates.fetchNextPage()}>Show more</Button></Group>}
          </Stack>
        )}
      </QueryState>
    </>
  );
}

import type { ReactElement } from 'react';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useCustomer, useCustomerTimeline } from '../../api/hooks/customers';
import { formatDateTime } from '../../components/formatting';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { can } from '../../session/permissions';
import { useSession } from '../../session/session-context';
import { ConsentCard, ConsentHistoryCard } from './ConsentCard';
import { ContactCard } from './ContactCard';
import { displayName } from './customer-list';
import { DangerZone } from './DangerZone';
import { JourneysCard } from './JourneysCard';
import { SegmentsLocationCard } from './SegmentsLocationCard';
import { TagsAttributesCard } from './TagsAttributesCard';

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
  const { role } = useSession();
  const editable = can(role, 'edit');
  return (
    <QueryState query={customer}>
      {(c) => (
        <>
          <PageHeader title={displayName(c)} description={`Customer since ${formatDateTime(c.createdAt)}`} actions={<AnchorLink to="/customers">All customers</AnchorLink>} />
          <Stack>
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
              <ContactCard customer={c} editable={editable} />
              <ConsentCard customer={c} editable={editable} />
              <Stack gap="sm">
                <TagsAttributesCard customer={c} editable={editable} />
                <SegmentsLocationCard customer={c} />
              </Stack>
            </SimpleGrid>
            <JourneysCard id={c.id} />
            <ConsentHistoryCard id={c.id} />
            <CustomerTimeline id={c.id} />
            <DangerZone customer={c} name={displayName(c)} canErase={editable} />
          </Stack>
        </>
      )}
    </QueryState>
  );
}

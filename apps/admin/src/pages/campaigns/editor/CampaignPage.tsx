import { Badge, Group, Loader, Center, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { AnchorLink } from '../../../components/links';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { can } from '../../../session/permissions';
import { useSession } from '../../../session/session-context';
import { useCampaign, type Campaign } from './campaign-editor-hooks';
import { CampaignLifecycleActions } from '../lifecycle/CampaignLifecycleActions';
import { VersionHistory } from './VersionHistory';

// React Flow and dagre load with the editor, not with the rest of the admin.
const JourneyEditor = lazy(() => import('./JourneyEditor').then((m) => ({ default: m.JourneyEditor })));

// Filled and dark enough for white text at WCAG AA.
const STATUS_COLORS: Record<Campaign['status'], string> = { draft: 'gray.8', active: 'teal.9', paused: 'violet.9', archived: 'dark.6' };

function CampaignFacts({ campaign }: { campaign: Campaign }) {
  const running = campaign.status !== 'draft';
  return (
    <Group gap="xs" mb="sm" data-testid="campaign-facts">
      <Badge color={STATUS_COLORS[campaign.status]} variant="filled">{campaign.status}</Badge>
      <Text size="sm">Version {campaign.version}</Text>
      <Text size="sm" c="dimmed">{running ? 'An edit is saved as a new version; customers already in the journey finish on theirs.' : 'A draft: edits change this version.'}</Text>
    </Group>
  );
}

function Actions({ campaign }: { campaign: Campaign }) {
  return (
    <>
      <Group gap="xs" data-testid="lifecycle-actions"><CampaignLifecycleActions campaign={campaign} /></Group>
      <VersionHistory campaignId={campaign.id} />
      <AnchorLink to="/campaigns/$campaignId/report" params={{ campaignId: campaign.id }} size="sm">Report</AnchorLink>
      <AnchorLink to="/campaigns" size="sm">All campaigns</AnchorLink>
    </>
  );
}

/** A campaign's page: its name, status and version, its lifecycle actions, its versions, and the journey editor. */
export function CampaignPage() {
  const { campaignId } = useParams({ from: '/app/campaigns/$campaignId' });
  const { role } = useSession();
  const campaign = useCampaign(campaignId);
  return (
    <QueryState query={campaign}>
      {(c) => (
        <>
          <PageHeader title={c.name} description="The journey: select a step to see it, “+” on an edge to insert one." actions={<Actions campaign={c} />} />
          <CampaignFacts campaign={c} />
          <Suspense fallback={<Center py="xl"><Loader size="sm" role="status" aria-label="Loading the journey editor" /></Center>}>
            <JourneyEditor key={c.id} campaign={c} readOnly={!can(role, 'edit') || c.status === 'archived'} />
          </Suspense>
        </>
      )}
    </QueryState>
  );
}
